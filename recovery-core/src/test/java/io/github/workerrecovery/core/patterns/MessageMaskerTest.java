package io.github.workerrecovery.core.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageMaskerTest {

    private static String masked(String message) {
        return String.join(" ", MessageMasker.tokens(message));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '~', value = {
        "order 42 not found => order <*> not found",
        "retry -3 and 12.75 => retry <*> and <*>",
        "lock 0x7f3a9c held => lock <*> held",
        "lock a3f9c27e held => lock <*> held",
        "request 7c9e6679-7425-40de-944b-e07fc1f90ae7 done => request <*> done",
        "refused to 10.0.0.1:5432 => refused to <*>:<*>",
        "refused to 10.0.0.1 => refused to <*>",
        "peer fe80::1a2b:3c4d gone => peer <*> gone",
        "peer 2001:db8::7334 gone => peer <*> gone",
        "call https://api.example.com/v1/x?y=1 failed => call <*> failed",
        "broker amqp://guest@rabbit:5672/vhost down => broker <*> down",
        "mail to bob.smith@example.org bounced => mail to <*> bounced",
        "cannot open /var/lib/app/data.csv: denied => cannot open <*>: denied",
        "cannot open ./config/app.yaml => cannot open <*>",
        "cannot open ~/app.yaml => cannot open <*>",
        "cannot open C:\\Users\\svc\\x.txt => cannot open <*>",
        "cannot open data/in/file.json => cannot open <*>",
        "read/write and TCP/IP and application/json stay => read/write and TCP/IP and application/json stay",
        "on 2024-03-05 at 14:22:01 => on <*> at <*>",
        "at 2024-03-05T14:22:01.123Z => at <*>",
        "at 05/Mar/2024:14:22:01 +0000 => at <*>",
        "on Tue Mar 5 14:22:01 2024 => on <*>",
        "took 35ms => took <*>",
        "took 35 ms => took <*>",
        "took 2 seconds => took <*>",
        "took 2m30s and PT5S => took <*> and <*>",
        "wrote 10MB and 512 KiB => wrote <*> and <*>",
        "sent 0 bytes, then 1190 bytes (1.16 KB) => sent <*>, then <*>",
        "lifetime <1 sec and 00:01 => lifetime <<*> and <*>:<*>",
        "invalid literal for int() with base 10: 'x y' => invalid literal for int() with base <*>: '<*>'",
        "killed 605 (db-7) total-vm:846086 => killed <*> (<*>) total-vm:<*>",
        "from 10.0.0.1:5432 12 => from <*>:<*> <*>",
        "10.11.10.1 \"GET /v2/servers HTTP/1.1\" status: 200 => <*> \"GET <*>\" status: <*>",
        "via SOCKS5 and HTTP2 => via SOCKS5 and HTTP2",
        "illegal instruction......0 => illegal instruction......<*>",
        "resolve ns.example.com and mail.cse.edu.hk => resolve <*> and <*>",
        "resolve spark.executor.memory and android.intent.action.MAIN => resolve spark.executor.memory and android.intent.action.MAIN",
        "by LOGIN(uid=0) => by LOGIN(uid=<*>)",
        "connection from 1.2.3.4 () at 5 => connection from <*> () at <*>",
        "com.acme.sync.Daily: job skipped => job skipped",
        "java.io.IOException: disk gone => java.io.IOException: disk gone",
        "connection from 1.2.3.4 (1.2.3.4) at 5 => connection from <*> (<*>) at <*>",
        "usage 93.5% now => usage <*> now",
        "table 'orders items' locked => table '<*>' locked",
        "table \"orders\" locked => table \"<*>\" locked",
        "key `a b` missing => key `<*>` missing",
        "don't stop => don't stop",
        "keys ['a', 'b', 'c'] missing => keys [<*>] missing",
        "map {a=1, b=2} bad => map {<*>} bad",
        "thread [main] stuck => thread [main] stuck",
        "uid=0 euid=0 ruser= rhost=1.2.3.4 => uid=<*> euid=<*> ruser= rhost=<*>",
        "msg=\"a b c\" done => msg=\"<*>\" done",
        "(111: Connection refused) => (<*>: Connection refused)",
        "block blk_3886504906 done => block <*> done",
        "a|b => a | b"
    })
    void masksVariableValues(String message, String expected) {
        assertThat(masked(message)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", value = {
        "Connection reset by peer",
        "Unhandled exception in event loop",
        "Permission denied"
    })
    void leavesConstantsAlone(String message) {
        assertThat(masked(message)).isEqualTo(message);
    }

    @org.junit.jupiter.api.Test
    void boundsTheWorkOnAHugeLine() {
        String huge = "x ".repeat(100_000);
        assertThat(MessageMasker.tokens(huge)).hasSize(MessageMasker.MAX_TOKENS);
        assertThat(MessageMasker.tokens("y".repeat(100_000))).containsExactly("y".repeat(MessageMasker.MAX_MESSAGE_CHARS));
    }
}

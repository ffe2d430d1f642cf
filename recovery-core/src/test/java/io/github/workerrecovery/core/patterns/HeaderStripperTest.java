package io.github.workerrecovery.core.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The message of a line in many logging formats, all with the one rule set. */
class HeaderStripperTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '~', value = {
        // log4j, logback
        "2024-03-05 14:22:01,123 ERROR [pool-2-thread-7] com.acme.orders.OrderService - Connection refused => Connection refused",
        "14:22:01.123 [main] WARN  c.a.o.OrderService - Order 42 not found => Order 42 not found",
        "2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster => Created MRAppMaster",
        // Python logging
        "2024-03-05 14:22:01,123 - orders.worker - ERROR - Could not open file => Could not open file",
        "2024-03-05 14:22:01,123 - root - WARNING - Disk almost full => Disk almost full",
        "ERROR:orders.worker:Timeout after 3.5s => Timeout after 3.5s",
        "WARNING:root:Retrying: attempt 2 => Retrying: attempt 2",
        // syslog
        "Mar  5 14:22:01 web-01 orders[12345]: User not found => User not found",
        "Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure; logname= => authentication failure; logname=",
        "Mar  5 14:22:01 web cron: job skipped => job skipped",
        // nginx, Apache
        "2024/03/05 14:22:01 [error] 1234#1234: *5678 connect() failed (111: Connection refused) => connect() failed (111: Connection refused)",
        "[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok => workerEnv.init() ok",
        // Go: standard log, klog, logfmt header fields
        "2024/03/05 14:22:01 dial tcp: connection refused => dial tcp: connection refused",
        "E0305 14:22:01.123456   12345 server.go:123] Failed to sync pod => Failed to sync pod",
        "time=\"2024-03-05T14:22:01Z\" level=error msg=\"boom\" => msg=\"boom\"",
        // Rust env_logger and tracing
        "[2024-03-05T14:22:01Z ERROR orders::db] Query took 1532 ms => Query took 1532 ms",
        "2024-03-05T14:22:01.123456Z ERROR orders::db: pool timed out => pool timed out",
        // Node (Nest, pino-pretty)
        "[Nest] 12345  - 03/05/2024, 2:22:01 PM   ERROR [OrdersService] Payment declined => Payment declined",
        "[14:22:01.123] ERROR (orders/12345): socket hang up => socket hang up",
        // other systems' logs
        "081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 terminating => PacketResponder 1 terminating",
        "2015-07-29 17:41:44,747 - INFO  [QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774] - Notification time out: 3200 => Notification time out: 3200",
        "20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579 => onStandStepChanged 3579",
        "[10.30 16:49:06] chrome.exe - proxy.example.com:5070 open through proxy => open through proxy",
        // a tag ending in ':' after a timestamp and a level (logcat, %p %c{1}: %m); not after a level alone
        "11-29 10:00:01.250  4211  4230 E PaymentClient: card declined => card declined",
        "2026-11-29 10:00:01 WARN Scheduler: job 42 skipped => job 42 skipped",
        "ERROR Timeout: connection lost => Timeout: connection lost",
        "2026-11-29 10:00:01 ERROR Timeout: => Timeout:",
        // no header: nothing to strip
        "Connection reset by peer => Connection reset by peer",
        "Disk error on sda => Disk error on sda",
        "java.lang.IllegalStateException: boom => java.lang.IllegalStateException: boom",
        "config.yaml not found => config.yaml not found"
    })
    void findsTheMessage(String line, String message) {
        assertThat(HeaderStripper.strip(line)).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '~', value = {
        "{\"ts\":\"2024-03-05T14:22:01Z\",\"level\":\"error\",\"logger\":\"db\",\"msg\":\"query \\\"x\\\" failed\",\"pid\":1,\"table\":\"users\"} => query \"x\" failed table=users",
        "{\"@timestamp\":\"2024\",\"message\":\"boom\",\"error\":\"EOF\"} => boom error=EOF",
        "time=\"2024-03-05T14:22:01Z\" level=error msg=\"disk full\" component=disk => disk full component=disk",
        "2024-03-05T14:22:01Z {\"level\":\"error\",\"msg\":\"late json\"} => late json",
        "2024-03-05 ERROR nothing structured here => nothing structured here"
    })
    void takesTheMessageFieldOfStructuredLines(String line, String message) {
        assertThat(MessageText.of(line)).isEqualTo(message);
    }
}

package io.github.workerrecovery.oshi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.workerrecovery.api.ActionResult;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.TimeSource;
import io.github.workerrecovery.testkit.FakeWorkerInstance;
import io.github.workerrecovery.testkit.RecordingWorkerControl;
import io.github.workerrecovery.testkit.TestActionContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** jcmd for a JVM worker, the configured signal for anything else, and a clear refusal without jcmd. */
class JvmMemoryCleanupActionTest {

    private final ChildProcesses children = new ChildProcesses();
    private final RecordingWorkerControl control = new RecordingWorkerControl();

    @AfterEach
    void killChildren() {
        children.close();
    }

    private static JvmMemoryCleanupAction action(Map<String, ?> settings) {
        return (JvmMemoryCleanupAction) new JvmMemoryCleanupAction.Provider()
                .create(new RecordingPluginContext(settings, TimeSource.system()));
    }

    private TestActionContext highMemory(long pid) {
        return TestActionContext.of(FakeWorkerInstance.builder("w").pid(pid).build(), control, FailureKind.HIGH_MEMORY);
    }

    private long startIdleJvm() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process jvm = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                IdleJvm.class.getName()).redirectErrorStream(true).start();
        children.track(jvm.pid());
        BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("ready");
        return jvm.pid();
    }

    @Test
    void aJvmWorkerIsAskedToCollectThroughJcmd() throws Exception {
        long pid = startIdleJvm();

        ActionResult result = action(Map.of()).execute(highMemory(pid));

        assertThat(result).isEqualTo(ActionResult.done("ran jcmd " + pid + " GC.run on a JVM worker: Command executed successfully"));
        assertThat(control.calls()).isEmpty();
    }

    @Test
    void anyOtherProcessGetsItsConfiguredSignal() throws Exception {
        long pid = children.start("sleep", "600").pid();
        String executable = ProcessHandle.of(pid).orElseThrow().info().command().orElseThrow();

        ActionResult result = action(Map.of()).execute(highMemory(pid));

        assertThat(result).isEqualTo(ActionResult.done("signal:MEMORY_CLEANUP done (pid " + pid + " is not a JVM: "
                + executable + ")"));
        assertThat(control.calls()).containsExactly("signal:MEMORY_CLEANUP");
    }

    @Test
    void anInJvmWorkerGetsItsCallback() throws Exception {
        ActionResult result = action(Map.of()).execute(TestActionContext.of(FakeWorkerInstance.builder("w").build(), control,
                FailureKind.HIGH_MEMORY));

        assertThat(result).isEqualTo(ActionResult.done("signal:MEMORY_CLEANUP done (in-JVM worker)"));
    }

    @Test
    void aJvmWorkerWithoutJcmdIsRefusedNotSignalled() throws Exception {
        long pid = startIdleJvm();
        String java = ProcessHandle.of(pid).orElseThrow().info().command().orElseThrow();

        ActionResult result = action(Map.of("jcmd", "/no/such/jcmd")).execute(highMemory(pid));

        assertThat(result).isEqualTo(ActionResult.refused("pid " + pid + " is a JVM (" + java + ") but no jcmd was found"
                + " at /no/such/jcmd; set plugins.jvm_memory_cleanup.jcmd, or use a JDK to run the monitor"));
        assertThat(control.calls()).isEmpty();
    }

    @Test
    void appliesToHighMemoryOnly() {
        JvmMemoryCleanupAction action = new JvmMemoryCleanupAction();

        assertThat(action.appliesTo(FailureKind.HIGH_MEMORY)).isTrue();
        assertThat(action.appliesTo(FailureKind.MEMORY_LEAK)).isFalse();
        assertThat(action.name()).isEqualTo("jvm_memory_cleanup");
        assertThat(action.cost()).isEqualTo(10);
    }
}

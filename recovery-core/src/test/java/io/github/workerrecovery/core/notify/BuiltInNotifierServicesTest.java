package io.github.workerrecovery.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.workerrecovery.api.AlertContext;
import io.github.workerrecovery.api.AlertSeverity;
import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.IncidentAlert;
import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.RecoveryTask;
import io.github.workerrecovery.api.SageNotifierProvider;
import io.github.workerrecovery.api.WorkerId;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class BuiltInNotifierServicesTest {

    @Test
    void theThreeBuiltInNotifiersAreFoundByServiceLoader() {
        assertThat(ServiceLoader.load(SageNotifierProvider.class).stream().map(p -> p.get().name()))
                .containsExactly("log", "jsonl", "webhook");
    }

    @Test
    void theLogNotifierTakesEveryKindIncludingMultiLineMessages() {
        LogSageNotifier log = new LogSageNotifier();
        IncidentAlert medium = new IncidentAlert("store", "line one\nline two", AlertSeverity.MEDIUM, SageEvents.AT,
                new AlertContext(1, 1, 0), Optional.empty());
        RecoveryTask done = new RecoveryTask(new InstanceId(WorkerId.of("w"), 1), "restart", FailureKind.PROCESS_EXITED,
                RecoveryTask.Stage.DONE, AlertSeverity.HIGH, "recovered", SageEvents.AT, Optional.empty());

        assertThat(log.name()).isEqualTo("log");
        assertThatCode(() -> {
            log.deliver(SageEvents.incident("critical one"));
            log.deliver(medium);
            log.deliver(SageEvents.task("queued"));
            log.deliver(done);
            log.deliver(SageEvents.knowledge("k"));
            log.deliver(SageEvents.pattern("p"));
        }).doesNotThrowAnyException();
    }
}

package io.github.workerrecovery.web.internal;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.core.InstanceStatus;
import io.github.workerrecovery.core.SystemStatus;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.core.WorkerLaunch;
import io.github.workerrecovery.core.WorkerSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the status, instance list and instance detail answers from the engine's snapshot. */
final class StatusView {

    private final WorkerAutoRecovery recovery;
    private final EventDigest digest;
    private final ResourceSamples samples;

    StatusView(WorkerAutoRecovery recovery, EventDigest digest, ResourceSamples samples) {
        this.recovery = recovery;
        this.digest = digest;
        this.samples = samples;
    }

    WebDtos.StatusDto status() {
        // the sequence first: a client that subscribes after it misses nothing the snapshot lacks
        long lastEvent = recovery.events().lastSequence();
        SystemStatus s = recovery.getSystemStatus();
        Map<String, Long> byState = new TreeMap<>();
        for (InstanceStatus i : s.instances()) {
            byState.merge(i.state().name(), 1L, Long::sum);
        }
        WebDtos.TotalsDto totals = new WebDtos.TotalsDto(s.instances().size(), s.healthyInstances(), byState,
                s.totalRecoveries(), s.successfulRecoveries(), s.failedRecoveries(), s.relapsedRecoveries(),
                s.totalRecoveries() == 0 ? null : (double) s.successfulRecoveries() / s.totalRecoveries(),
                s.meanRecoveryTime().toMillis(), new TreeMap<>(s.successRateByStrategy()), s.droppedNotifications(),
                s.probeFailures(), s.droppedEvents(), new WebDtos.PredictionsDto(s.predictions().hits(),
                s.predictions().falseAlarms(), s.predictions().averted(), s.predictions().wrong(),
                s.predictions().meanLeadSeconds()));
        List<WebDtos.WorkerDto> workers = recovery.config().workers().stream()
                .map(w -> worker(w, s)).toList();
        return new WebDtos.StatusDto(s.at().toString(), s.monitoring(), lastEvent, totals, workers,
                digest.openOutages(), instances(s));
    }

    List<WebDtos.InstanceDto> instances() {
        return instances(recovery.getSystemStatus());
    }

    WebDtos.InstanceDetailDto detail(String worker, String slotText) throws java.io.IOException {
        int slot;
        try {
            slot = Integer.parseInt(slotText);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "slot must be a whole number but was '" + Router.printable(slotText) + "'");
        }
        InstanceStatus found = recovery.getSystemStatus().instances().stream()
                .filter(i -> i.id().worker().value().equals(worker) && i.id().slot() == slot)
                .findFirst()
                .orElseThrow(() -> new ApiException(404, "unknown instance '" + Router.printable(worker) + "#" + slot
                        + "' (see /api/v1/instances)"));
        InstanceId id = found.id();
        boolean process = recovery.config().workers().stream()
                .filter(w -> w.id().equals(id.worker())).anyMatch(w -> !(w.launch() instanceof WorkerLaunch.InJvmLaunch));
        java.nio.file.Path file = StderrTail.file(recovery.config().home(), worker, slot);
        boolean hasLog = process && java.nio.file.Files.isRegularFile(file);
        return new WebDtos.InstanceDetailDto(instance(found), hasLog ? file.toString() : null,
                hasLog ? StderrTail.read(file) : List.of(), samples.of(id), digest.stateHistory(id));
    }

    private static WebDtos.WorkerDto worker(WorkerSpec w, SystemStatus s) {
        return new WebDtos.WorkerDto(w.id().value(), w.critical(), s.instancesOf(w.id().value()).size(), w.actions());
    }

    private static List<WebDtos.InstanceDto> instances(SystemStatus s) {
        return s.instances().stream().map(StatusView::instance).toList();
    }

    /** @return an instance row with every member set, to build its serializer before the first request */
    static WebDtos.InstanceDto sample() {
        return new WebDtos.InstanceDto("w#0", "w", 0, false, "HEALTHY", 1L, 1L, 0, 1.0, 1.0, "", new TreeMap<>(Map.of("m", 1.0)));
    }

    static WebDtos.InstanceDto instance(InstanceStatus i) {
        // resource figures belong to a process: without one they describe a process that is gone
        boolean process = i.pid().isPresent();
        return new WebDtos.InstanceDto(i.id().toString(), i.id().worker().value(), i.id().slot(), i.critical(),
                i.state().name(), process ? i.pid().getAsLong() : null, i.uptime().toMillis(), i.restarts(),
                process ? ResourceSamples.measured(i.metrics().get(ResourceSamples.CPU)) : null,
                process ? ResourceSamples.measured(i.metrics().get(ResourceSamples.MEMORY)) : null,
                i.lastReason(), new TreeMap<>(i.metrics()));
    }
}

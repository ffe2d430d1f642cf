package io.github.workerrecovery.core.internal.learning;

import io.github.workerrecovery.api.InstanceId;
import io.github.workerrecovery.api.LearningMemory;
import io.github.workerrecovery.core.CorrelationConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tells one outage of something several instances share (a database, a broker, a full disk) from
 * many broken instances. Failures are keyed by group and <em>error signature</em> (the mined error
 * pattern, or an exit cause that restarts do not fix: the engine never passes a bare failure
 * kind, nor a death by a signal sent from outside); when the distinct instances of one group
 * failing alike within the window reach {@code min_workers}, or {@code min_fraction} of the group
 * with at least two, the guard trips: the engine raises one alert and holds the recoveries of
 * those instances, and of any instance of the group that fails alike while the outage lasts. One
 * canary attempt per back-off interval (doubling from {@code canary_interval} up to its cap) finds
 * out when the dependency is back.
 *
 * <p>The outage ends when an affected instance is healthy again (by itself, by a canary or by a
 * recovery begun before the trip): every held instance is released at once
 * ({@link Verdict#RELEASE}: no back-off). Or it ends when {@code max_hold} has passed; after such an
 * expiry the same signature does not trip again in that group for another {@code max_hold}, so a
 * permanent failure gets the ordinary per-instance recovery and give-up instead of an alert every
 * {@code max_hold}.
 *
 * <p>One burst is one outage: after the end, an instance the outage counted is recovered as usual
 * and counts towards no new outage until it has been healthy again, and the stragglers of the
 * burst (failures alike within one {@code window} after the end) neither; they are treated the
 * same way. Otherwise a release, whose first recoveries may fail while the dependency settles,
 * would trip the guard again with the instances it had just released.
 *
 * <p>An error pattern that tripped an outage in a group is remembered (also across restarts: the
 * engine saves {@link #outageSignatures()} with the strategies): its next failure there waits one
 * {@code window} before it is recovered ({@link Verdict#WAIT}), so that the first instances of a
 * recurring outage are held with the rest instead of being restarted into it.
 *
 * <p>Instances count one by one, also when they belong to one worker: a pool whose instances all
 * fail alike points at something they share as well. Pure logic, time passed in; not thread-safe:
 * the engine thread owns it.
 */
public final class CorrelatedFailureGuard {

    /** What the engine does with a failure. */
    public enum Verdict {
        /** Recover it as usual. */
        PROCEED,
        /** Hold its recovery back: it is part of an open outage. */
        HOLD,
        /** Hold it: it has just made an outage of a burst; raise the outage's one alert. */
        TRIPPED,
        /** Recover it, as the outage's canary: the attempt does not count against the budget. */
        CANARY,
        /**
         * Recover it now, without the back-off: the outage that held it is over, and every held
         * instance is released at once ({@code max_concurrent_recoveries} is the only limit).
         */
        RELEASE,
        /**
         * Wait {@code window} before recovering it: its signature was a shared outage before, so
         * this may be the first instance of the next one; ask again when {@link #waitingUntil} has
         * passed.
         */
        WAIT
    }

    /**
     * @param verdict what to do
     * @param outage the outage concerned, absent for {@link Verdict#PROCEED}
     */
    public record Decision(Verdict verdict, Optional<Outage> outage) {
        static final Decision PROCEED = new Decision(Verdict.PROCEED, Optional.empty());
    }

    /**
     * How an outage ended.
     *
     * @param outage the outage, now closed
     * @param recovered true when an instance became healthy, false when {@code max_hold} passed
     * @param lasted from the trip to the end
     * @param resume the instances whose recovery was held, in the order they were held
     * @param message one line for the alert
     */
    public record Ending(Outage outage, boolean recovered, Duration lasted, List<InstanceId> resume, String message) {
    }

    /**
     * What an outage's timer asks the engine to do.
     *
     * @param canary the instance to recover now as the canary
     * @param ended the outage's end when {@code max_hold} has passed
     * @param next when to wake again; empty once the outage is closed
     */
    public record Wake(Optional<InstanceId> canary, Optional<Ending> ended, Optional<Instant> next) {
    }

    private record Key(String group, String signature) {
    }

    /** One outage: its instances, what was held and the canary's progress. Engine thread only. */
    public static final class Outage {
        private final Key key;
        private final String description;
        private final Instant openedAt;
        private final Instant holdUntil;
        private final Set<InstanceId> affected = new LinkedHashSet<>();
        /** Held instances in line for the canary: the first goes next, a failed canary goes to the back. */
        private final Set<InstanceId> held = new LinkedHashSet<>();
        private int heldRecoveries;
        private int canaries;
        private InstanceId canary;
        private boolean canaryGranted;
        private Instant nextCanaryAt;
        private boolean open = true;

        private Outage(Key key, String description, Instant openedAt, Instant holdUntil) {
            this.key = key;
            this.description = description;
            this.openedAt = openedAt;
            this.holdUntil = holdUntil;
        }

        /** @return the group the outage is in */
        public String group() {
            return key.group();
        }

        /** @return the failures' signature: a pattern id or a failure kind */
        public String signature() {
            return key.signature();
        }

        /** @return the signature for people, e.g. {@code pattern 3f2a…: Connection refused to <*>} */
        public String description() {
            return description;
        }

        /** @return the instances that failed alike, in the order they failed */
        public List<InstanceId> affected() {
            return List.copyOf(affected);
        }

        /** @return recovery attempts held back so far */
        public int heldRecoveries() {
            return heldRecoveries;
        }

        /** @return canary attempts handed out so far */
        public int canaries() {
            return canaries;
        }

        /** @return whether it still holds recoveries */
        public boolean open() {
            return open;
        }

        /** @return when the engine should next call {@link CorrelatedFailureGuard#onWake} */
        public Instant nextWake() {
            return nextCanaryAt.isBefore(holdUntil) ? nextCanaryAt : holdUntil;
        }
    }

    private final CorrelationConfig config;
    private final Duration canaryCap;
    private final Map<Key, LinkedHashMap<InstanceId, Instant>> recent = new HashMap<>();
    private final Map<Key, Outage> outages = new LinkedHashMap<>();
    private final Map<Key, Instant> quietUntil = new HashMap<>();
    /** Signatures that tripped an outage before, per group: their next failure may be one too. */
    private final Set<Key> outageSignatures = new HashSet<>();
    /** Instances whose recovery waits to see whether others fail alike, until when. */
    private final Map<InstanceId, Instant> waiting = new HashMap<>();
    /** Outages that ended, per key, until their instances have settled: one burst makes one outage. */
    private final Map<Key, Aftermath> aftermaths = new HashMap<>();
    /** Instances an outage held and has released: their next failure is recovered at once. */
    private final Set<InstanceId> released = new HashSet<>();

    /**
     * What an outage leaves behind when it ends: the instances it counted, which count towards no
     * new outage until each has been healthy again, and the time until which further failures
     * alike of instances not healthy since are the stragglers of the same burst.
     */
    private static final class Aftermath {
        final Set<InstanceId> unsettled = new HashSet<>();
        /** Instances healthy since the end: a failure of theirs is a new one, not a straggler. */
        final Set<InstanceId> settled = new HashSet<>();
        final Instant straysUntil;

        Aftermath(Collection<InstanceId> instances, Instant straysUntil) {
            unsettled.addAll(instances);
            this.straysUntil = straysUntil;
        }
    }

    /**
     * @param config the thresholds
     * @param canaryCap the longest wait between canaries ({@code restart_cooldown}); never below
     *     {@code canary_interval}
     */
    public CorrelatedFailureGuard(CorrelationConfig config, Duration canaryCap) {
        this.config = Objects.requireNonNull(config, "config");
        this.canaryCap = canaryCap.compareTo(config.canaryInterval()) < 0 ? config.canaryInterval() : canaryCap;
    }

    /**
     * Judges a failure the engine is about to recover.
     *
     * @param instance the instance
     * @param group its worker's group
     * @param groupSize instances of the group now (for {@code min_fraction})
     * @param signature the mined pattern id, else the failure kind
     * @param description the signature for people, used when this failure trips an outage
     * @param now the time
     * @return what to do with it
     */
    public Decision onFailure(InstanceId instance, String group, int groupSize, String signature, String description,
                              Instant now) {
        return onFailure(instance, group, groupSize, signature, true, description, now);
    }

    /**
     * Judges a failure the engine is about to recover.
     *
     * @param instance the instance
     * @param group its worker's group
     * @param groupSize instances of the group now (for {@code min_fraction})
     * @param signature the mined pattern id, else the failure kind
     * @param mined whether the signature is a mined error pattern: only those are remembered as
     *     outage signatures, a bare failure kind (a SIGKILL leaves no error) says too little
     * @param description the signature for people, used when this failure trips an outage
     * @param now the time
     * @return what to do with it
     */
    public Decision onFailure(InstanceId instance, String group, int groupSize, String signature, boolean mined,
                              String description, Instant now) {
        if (!config.enabled()) {
            return Decision.PROCEED;
        }
        Key key = new Key(group, signature);
        Outage o = outages.get(key);
        if (o != null) {
            o.affected.add(instance);
            if (instance.equals(o.canary)) {
                if (o.canaryGranted) {
                    o.canaryGranted = false;
                    return new Decision(Verdict.CANARY, Optional.of(o));
                }
                // the canary failed: the dependency is still down; back to the end of the line
                o.canary = null;
                o.held.add(instance);
                return new Decision(Verdict.HOLD, Optional.of(o));
            }
            // counted once per instance put on hold: a live one is judged again every round while held
            if (o.held.add(instance)) {
                o.heldRecoveries++;
            }
            return new Decision(Verdict.HOLD, Optional.of(o));
        }
        Aftermath after = aftermaths.get(key);
        if (after != null) {
            if (after.unsettled.contains(instance)
                    || (now.isBefore(after.straysUntil) && !after.settled.contains(instance))) {
                // counted by the outage that just ended, or a straggler of its burst: recovered as usual
                after.unsettled.add(instance);
                return released.remove(instance) ? new Decision(Verdict.RELEASE, Optional.empty()) : Decision.PROCEED;
            }
            if (after.unsettled.isEmpty() && !now.isBefore(after.straysUntil)) {
                aftermaths.remove(key);
            }
        }
        LinkedHashMap<InstanceId, Instant> seen = recent.computeIfAbsent(key, k -> new LinkedHashMap<>());
        Instant cutoff = now.minus(config.window());
        seen.values().removeIf(at -> at.isBefore(cutoff));
        seen.remove(instance); // re-inserted last: the map stays in order of the latest failure
        seen.put(instance, now);
        Instant quiet = quietUntil.get(key);
        if (quiet != null) {
            if (now.isBefore(quiet)) {
                return Decision.PROCEED;
            }
            quietUntil.remove(key);
        }
        int n = seen.size();
        if (n < config.minInstances() && (n < 2 || n < config.minFraction() * groupSize)) {
            return outageSignatures.contains(key) ? waitOnce(instance, now) : Decision.PROCEED;
        }
        if (mined) {
            outageSignatures.add(key);
        }
        Outage trip = new Outage(key, description, now, now.plus(config.maxHold()));
        trip.affected.addAll(seen.keySet());
        trip.held.add(instance);
        trip.heldRecoveries = 1;
        trip.nextCanaryAt = now.plus(canaryDelay(1));
        outages.put(key, trip);
        recent.remove(key);
        return new Decision(Verdict.TRIPPED, Optional.of(trip));
    }

    /**
     * A failure with a signature that was an outage before waits one window for others to fail
     * alike; after that it is recovered as usual, so a lone failure is late by one window at most.
     */
    private Decision waitOnce(InstanceId instance, Instant now) {
        Instant until = waiting.get(instance);
        if (until == null) {
            waiting.put(instance, now.plus(config.window()));
            return new Decision(Verdict.WAIT, Optional.empty());
        }
        if (now.isBefore(until)) {
            return new Decision(Verdict.WAIT, Optional.empty());
        }
        waiting.remove(instance);
        return Decision.PROCEED;
    }

    /**
     * @return the signatures that tripped an outage, per group, in no particular order: saved with
     *     the strategies so that a restart keeps them
     */
    public List<LearningMemory.OutageSignature> outageSignatures() {
        return outageSignatures.stream().map(k -> new LearningMemory.OutageSignature(k.group(), k.signature()))
                .sorted(java.util.Comparator.comparing(LearningMemory.OutageSignature::group)
                        .thenComparing(LearningMemory.OutageSignature::signature))
                .toList();
    }

    /**
     * Remembers signatures that tripped an outage before the engine started (saved by an earlier run).
     *
     * @param saved the signatures
     */
    public void rememberOutageSignatures(Collection<LearningMemory.OutageSignature> saved) {
        saved.forEach(o -> outageSignatures.add(new Key(o.group(), o.signature())));
    }

    /**
     * @param instance an instance told to {@link Verdict#WAIT}
     * @return when to ask about it again; empty when it is not waiting
     */
    public Optional<Instant> waitingUntil(InstanceId instance) {
        return Optional.ofNullable(waiting.get(instance));
    }

    /**
     * Records that the engine held back a recovery it had already planned for an affected
     * instance (one still waiting for its back-off or a recovery slot when the outage tripped).
     *
     * @param outage the outage
     * @param instance the instance
     */
    public void hold(Outage outage, InstanceId instance) {
        if (outage.open && outage.held.add(instance)) {
            outage.heldRecoveries++;
        }
    }

    /**
     * An instance is healthy again (a probe said so, or a recovery was verified): it no longer
     * counts as failing, and an outage it was part of is over.
     *
     * @param instance the instance
     * @param now the time
     * @return the end of the outage it ended, if any
     */
    public Optional<Ending> onRecovered(InstanceId instance, Instant now) {
        waiting.remove(instance);
        for (Iterator<LinkedHashMap<InstanceId, Instant>> it = recent.values().iterator(); it.hasNext(); ) {
            Map<InstanceId, Instant> seen = it.next();
            seen.remove(instance);
            if (seen.isEmpty()) {
                it.remove();
            }
        }
        Optional<Ending> ending = Optional.empty();
        for (Outage o : outages.values()) {
            if (o.affected.contains(instance)) {
                o.held.remove(instance);
                Duration lasted = Duration.between(o.openedAt, now);
                ending = Optional.of(close(o, true, lasted, "Shared outage over after " + human(lasted) + ": " + instance
                        + " is healthy again (" + o.description + "); " + counts(o) + resuming(o)));
                break;
            }
        }
        // healthy again: settled after any outage that counted it (the one it has just ended included)
        released.remove(instance);
        for (Iterator<Aftermath> it = aftermaths.values().iterator(); it.hasNext(); ) {
            Aftermath after = it.next();
            after.unsettled.remove(instance);
            after.settled.add(instance);
            if (after.unsettled.isEmpty() && !now.isBefore(after.straysUntil)) {
                it.remove();
            }
        }
        return ending;
    }

    /**
     * The outage's timer: hands out the next canary, or ends the hold after {@code max_hold}.
     *
     * @param o the outage
     * @param now the time
     * @return what to do, and when to wake again
     */
    public Wake onWake(Outage o, Instant now) {
        if (!o.open) {
            return new Wake(Optional.empty(), Optional.empty(), Optional.empty());
        }
        if (!now.isBefore(o.holdUntil)) {
            Duration lasted = Duration.between(o.openedAt, now);
            quietUntil.put(o.key, now.plus(config.maxHold()));
            Ending end = close(o, false, lasted, "Shared outage not over after " + human(lasted) + " (" + o.description
                    + "): hold lifted; " + counts(o) + resuming(o));
            return new Wake(Optional.empty(), Optional.of(end), Optional.empty());
        }
        Optional<InstanceId> canary = Optional.empty();
        if (!now.isBefore(o.nextCanaryAt)) {
            // one canary at a time: while one is still being recovered, the next waits a full interval more
            if (o.canary == null && !o.held.isEmpty()) {
                InstanceId pick = o.held.iterator().next();
                o.held.remove(pick);
                o.canary = pick;
                o.canaryGranted = true;
                o.canaries++;
                canary = Optional.of(pick);
            }
            o.nextCanaryAt = now.plus(canaryDelay(o.canaries + 1));
        }
        return new Wake(canary, Optional.empty(), Optional.of(o.nextWake()));
    }

    /**
     * The engine could not run the canary it was handed (the instance was stopped, or a manual
     * recovery took it): it is no longer held, and the next interval picks another.
     *
     * @param o the outage
     * @param instance the canary
     */
    public void canaryNotRun(Outage o, InstanceId instance) {
        if (instance.equals(o.canary)) {
            o.canary = null;
            o.canaryGranted = false;
        }
    }

    /**
     * @param instance an instance
     * @return the open outage holding its recovery, if any
     */
    public Optional<Outage> holding(InstanceId instance) {
        return outages.values().stream().filter(o -> o.held.contains(instance)).findFirst();
    }

    /** @return the open outages */
    public List<Outage> outages() {
        return List.copyOf(outages.values());
    }

    /**
     * The wait before the k-th canary of an outage: {@code canary_interval} doubled per canary,
     * capped.
     */
    Duration canaryDelay(int k) {
        long nanos = config.canaryInterval().toNanos();
        long cap = canaryCap.toNanos();
        for (int i = 1; i < k && nanos < cap; i++) {
            nanos = nanos > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : nanos * 2;
        }
        return Duration.ofNanos(Math.min(nanos, cap));
    }

    /** The trip's alert: one line naming the signature and the instances. */
    public String tripMessage(Outage o) {
        return "Shared outage: " + o.affected.size() + " instances of group " + o.key.group() + " failed alike within "
                + human(config.window()) + " (" + o.description + "): "
                + o.affected.stream().map(InstanceId::toString).collect(Collectors.joining(", "))
                + "; their recoveries are held until one is healthy again (at most " + human(config.maxHold()) + ")";
    }

    private Ending close(Outage o, boolean recovered, Duration lasted, String message) {
        o.open = false;
        outages.remove(o.key);
        Instant now = o.openedAt.plus(lasted);
        // the held instances have waited out the outage: they are recovered now, all of them, and
        // neither they nor the stragglers of the burst make a new outage of the same signature
        o.affected.forEach(waiting::remove);
        released.addAll(o.held);
        if (o.canary != null) {
            released.add(o.canary);
        }
        Set<InstanceId> unsettled = new LinkedHashSet<>(o.affected);
        aftermaths.put(o.key, new Aftermath(unsettled, now.plus(config.window())));
        return new Ending(o, recovered, lasted, new ArrayList<>(o.held), message);
    }

    /**
     * A failure without a signature of an instance that an ended outage released: it is recovered
     * at once like the rest, once.
     *
     * @param instance the instance
     * @return whether it had been released and not yet recovered
     */
    public boolean takeRelease(InstanceId instance) {
        return released.remove(instance);
    }

    private static String counts(Outage o) {
        return o.heldRecoveries + (o.heldRecoveries == 1 ? " recovery" : " recoveries") + " held back, "
                + o.canaries + (o.canaries == 1 ? " canary attempt" : " canary attempts");
    }

    private static String resuming(Outage o) {
        return o.held.isEmpty() ? "" : "; resuming "
                + o.held.stream().map(InstanceId::toString).collect(Collectors.joining(", "));
    }

    /** {@code 45 s}, {@code 10 min}, {@code 2 h 5 min}: readable at a glance in an alert. */
    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
        }
        return (s / 3600) + " h" + ((s % 3600) / 60 == 0 ? "" : " " + (s % 3600) / 60 + " min");
    }
}

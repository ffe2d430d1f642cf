package io.github.workerrecovery.web.internal;

import io.github.workerrecovery.api.FailureKind;
import io.github.workerrecovery.api.HistoryQuery;
import io.github.workerrecovery.api.RecoveryOutcome;
import io.github.workerrecovery.api.WorkerId;
import io.github.workerrecovery.core.WorkerAutoRecovery;
import io.github.workerrecovery.json.InstanceOutcomeDto;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/history}: the recovery records of the store, newest first, filtered by
 * {@code worker}, {@code failure} (a failure kind), {@code result} ({@code success} or
 * {@code failure}), {@code since} and {@code until} (ISO-8601 instants, since inclusive, until
 * exclusive), and paged with {@code offset} and {@code limit} (1 to {@value #MAX_LIMIT}, default
 * {@value #DEFAULT_LIMIT}). The filters look at the newest {@value #SCAN} records at most. An
 * unknown parameter or a bad value is a 400 naming it.
 */
final class HistoryView {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    static final int SCAN = 100_000;
    private static final Set<String> PARAMS = Set.of("worker", "failure", "result", "since", "until", "offset", "limit");

    private final WorkerAutoRecovery recovery;

    HistoryView(WorkerAutoRecovery recovery) {
        this.recovery = recovery;
    }

    WebDtos.PageDto<InstanceOutcomeDto> page(Request request) {
        for (String name : request.queryNames()) {
            if (!PARAMS.contains(name)) {
                throw new ApiException(400, "unknown parameter '" + Router.printable(name) + "' (known: "
                        + String.join(", ", PARAMS.stream().sorted().toList()) + ")");
            }
        }
        Optional<WorkerId> worker = request.query("worker").map(w -> {
            try {
                return WorkerId.of(w);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "worker: " + e.getMessage());
            }
        });
        Optional<Instant> since = request.query("since").map(v -> instant("since", v));
        Optional<Instant> until = request.query("until").map(v -> instant("until", v));
        Predicate<RecoveryOutcome> filter = o -> true;
        if (request.query("failure").isPresent()) {
            FailureKind kind = failure(request.query("failure").get());
            filter = filter.and(o -> o.failure() == kind);
        }
        if (request.query("result").isPresent()) {
            String result = request.query("result").get();
            if (!result.equals("success") && !result.equals("failure")) {
                throw new ApiException(400, "result must be success or failure but was '" + Router.printable(result) + "'");
            }
            boolean success = result.equals("success");
            filter = filter.and(o -> o.success() == success);
        }
        if (until.isPresent()) {
            Instant end = until.get();
            filter = filter.and(o -> o.startedAt().isBefore(end));
        }
        int offset = number(request, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = number(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        List<RecoveryOutcome> all = new ArrayList<>(recovery.history(new HistoryQuery(worker, since, SCAN)));
        Collections.reverse(all);
        List<RecoveryOutcome> matching = all.stream().filter(filter).toList();
        List<InstanceOutcomeDto> items = matching.stream().skip(offset).limit(limit).map(InstanceOutcomeDto::of).toList();
        return new WebDtos.PageDto<>(items, matching.size(), offset, limit);
    }

    private static FailureKind failure(String text) {
        try {
            return FailureKind.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "failure must be one of " + Arrays.stream(FailureKind.values())
                    .map(Enum::name).collect(Collectors.joining(", ")) + " but was '" + Router.printable(text) + "'");
        }
    }

    private static Instant instant(String name, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new ApiException(400, name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z but was '"
                    + Router.printable(text) + "'");
        }
    }

    private static int number(Request request, String name, int fallback, int min, int max) {
        Optional<String> text = request.query(name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(400, name + " must be a whole number from " + min + " to " + max + " but was '"
                + Router.printable(text.get()) + "'");
    }
}

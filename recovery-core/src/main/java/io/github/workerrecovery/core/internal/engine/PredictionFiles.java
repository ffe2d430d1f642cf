package io.github.workerrecovery.core.internal.engine;

import io.github.workerrecovery.core.prediction.ErrorPrecursorFile;
import io.github.workerrecovery.core.prediction.ErrorPrecursors;
import io.github.workerrecovery.core.prediction.ResourceCorrelation;
import io.github.workerrecovery.core.prediction.ResourceCorrelationFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What prediction learned, on disk: {@code data/resource_correlations.json} and
 * {@code data/error_precursors.json}. Loaded at start (a corrupt file is set aside and reported by
 * the file classes); saved on the store lane, off the engine thread, each file written atomically.
 * A save asked for while one of the same file waits on the lane replaces what that one writes, so a
 * burst of failures costs one write. Loading on the engine thread, saving from any.
 */
final class PredictionFiles {

    private static final Logger LOG = LoggerFactory.getLogger(PredictionFiles.class);

    /** Writes one file's content. */
    private interface Writer<T> {
        void write(Path home, T content) throws IOException;
    }

    private final Path home;
    private final SerialLane lane;
    private final AtomicReference<List<ResourceCorrelation>> correlations = new AtomicReference<>();
    private final AtomicReference<List<ErrorPrecursors.Counted>> errorPrecursors = new AtomicReference<>();

    PredictionFiles(Path home, SerialLane lane) {
        this.home = home;
        this.lane = lane;
    }

    /** @return the saved resource summaries; empty when there are none or the file could not be read */
    List<ResourceCorrelation> loadCorrelations(Instant now, Consumer<String> problem) {
        try {
            return ResourceCorrelationFile.load(home, now, problem);
        } catch (IOException e) {
            LOG.warn("could not load {}; correlating afresh", home.resolve(ResourceCorrelationFile.FILE), e);
            return List.of();
        }
    }

    /** @return the saved error precursors' counts; empty when there are none or the file could not be read */
    List<ErrorPrecursors.Counted> loadErrorPrecursors(Instant now, Consumer<String> problem) {
        try {
            return ErrorPrecursorFile.load(home, now, problem);
        } catch (IOException e) {
            LOG.warn("could not load {}; learning error precursors afresh", home.resolve(ErrorPrecursorFile.FILE), e);
            return List.of();
        }
    }

    void saveCorrelations(List<ResourceCorrelation> current) {
        save(correlations, current, ResourceCorrelationFile::save, ResourceCorrelationFile.FILE);
    }

    void saveErrorPrecursors(List<ErrorPrecursors.Counted> current) {
        save(errorPrecursors, current, ErrorPrecursorFile::save, ErrorPrecursorFile.FILE);
    }

    private <T> void save(AtomicReference<T> waiting, T current, Writer<T> writer, String file) {
        if (waiting.getAndSet(current) != null) {
            return; // a save already waits on the lane: it takes these instead
        }
        lane.submit(() -> {
            T latest = waiting.getAndSet(null);
            if (latest == null) {
                return;
            }
            try {
                writer.write(home, latest);
            } catch (IOException e) {
                LOG.warn("could not save {}", home.resolve(file), e);
            }
        });
    }
}

package io.github.workerrecovery.cli;

import io.github.workerrecovery.api.PluginSettings;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a command-line duration the way the config file does: seconds ({@code 30}, {@code 0.5})
 * or a number with a unit ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}).
 */
public final class DurationConverter implements ITypeConverter<Duration> {

    /** Creates the converter; picocli instantiates it. */
    public DurationConverter() {
    }

    @Override
    public Duration convert(String value) {
        return PluginSettings.parseDuration(value).orElseThrow(() -> new TypeConversionException(
                "'" + value + "' is not a duration such as 30, 500ms, 30s, 5m or 2h"));
    }
}

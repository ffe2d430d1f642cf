package io.github.workerrecovery.core;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** How a config part's record component is named and its default written, for {@link ConfigKeyInfo}. */
final class ConfigKeyTypes {

    private static final Map<Class<?>, Class<?>> BOXED = Map.of(int.class, Integer.class, long.class, Long.class,
            double.class, Double.class, boolean.class, Boolean.class, OptionalInt.class, Integer.class,
            OptionalLong.class, Long.class, OptionalDouble.class, Double.class);

    private ConfigKeyTypes() {
    }

    /**
     * @param type a record component's generic type
     * @return the value's Java type name as metadata writes it: boxed, {@code Optional} unwrapped,
     *     generics kept ({@code java.util.List<java.lang.String>})
     */
    static String typeName(Type type) {
        if (type instanceof ParameterizedType p) {
            if (p.getRawType() == Optional.class) {
                return typeName(p.getActualTypeArguments()[0]);
            }
            StringBuilder name = new StringBuilder(((Class<?>) p.getRawType()).getName()).append('<');
            Type[] args = p.getActualTypeArguments();
            for (int i = 0; i < args.length; i++) {
                name.append(i == 0 ? "" : ",").append(typeName(args[i]));
            }
            return name.append('>').toString();
        }
        if (type instanceof Class<?> c) {
            return BOXED.getOrDefault(c, c).getName().replace('$', '.');
        }
        return type.getTypeName();
    }

    /**
     * @param value a default as the record holds it
     * @return how it is written in the config file, or empty when there is nothing to show (an
     *     empty optional, collection or map)
     */
    static Optional<String> defaultText(Object value) {
        if (value instanceof Optional<?> o) {
            return o.flatMap(ConfigKeyTypes::defaultText);
        }
        if (value instanceof Collection<?> c && c.isEmpty() || value instanceof Map<?, ?> m && m.isEmpty()) {
            return Optional.empty();
        }
        if (value instanceof OptionalInt i) {
            return i.isPresent() ? Optional.of(String.valueOf(i.getAsInt())) : Optional.empty();
        }
        if (value instanceof OptionalLong l) {
            return l.isPresent() ? Optional.of(String.valueOf(l.getAsLong())) : Optional.empty();
        }
        if (value instanceof OptionalDouble d) {
            return d.isPresent() ? Optional.of(String.valueOf(d.getAsDouble())) : Optional.empty();
        }
        if (value instanceof Duration d) {
            return Optional.of(durationText(d));
        }
        if (value instanceof Enum<?> e) {
            return Optional.of(e.name().toLowerCase(Locale.ROOT));
        }
        return Optional.ofNullable(value).map(String::valueOf);
    }

    /** The largest whole unit the file reader (and Spring's duration syntax) takes: {@code 2h}, {@code 5m}, {@code 30s}, {@code 250ms}. */
    private static String durationText(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}

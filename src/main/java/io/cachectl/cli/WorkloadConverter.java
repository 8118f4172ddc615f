package io.cachectl.cli;

import io.cachectl.bench.Workload;
import java.util.Arrays;
import java.util.Iterator;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** "get", "set", "mixed", "cache-aside", "write-through". */
public final class WorkloadConverter implements ITypeConverter<Workload> {
    @Override
    public Workload convert(String value) {
        try {
            return Workload.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("unknown workload '" + value + "' (expected one of "
                    + String.join(", ", new Names()) + ")");
        }
    }

    /** Completion candidates. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(Workload.values()).map(Workload::label).iterator();
        }
    }
}

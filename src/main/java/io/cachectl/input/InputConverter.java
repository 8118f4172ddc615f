package io.cachectl.input;

import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An option value read by one of the parsers of {@code io.cachectl.input}: its IllegalArgumentException
 * becomes picocli's conversion error (exit 2, the parser's message, "See 'cachectl CMD --help'").
 */
abstract class InputConverter<T> implements ITypeConverter<T> {
    private final Function<String, T> parser;

    InputConverter(Function<String, T> parser) {
        this.parser = parser;
    }

    @Override
    public final T convert(String value) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}

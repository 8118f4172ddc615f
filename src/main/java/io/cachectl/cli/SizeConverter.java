package io.cachectl.cli;

import io.cachectl.input.Sizes;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Every SIZE option ({@code bigkeys --threshold}, {@code warm --max-value-size}): the syntax of {@link Sizes}. */
public final class SizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        try {
            return Sizes.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}

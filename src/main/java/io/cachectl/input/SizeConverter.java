package io.cachectl.input;


/** Every SIZE option ({@code bigkeys --threshold}, {@code warm --max-value-size}): the syntax of {@link Sizes}. */
public final class SizeConverter extends InputConverter<Long> {
    public SizeConverter() {
        super(Sizes::parse);
    }
}

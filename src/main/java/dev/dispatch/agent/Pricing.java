package dev.dispatch.agent;

import dev.dispatch.provider.ModelEvent;
import java.math.BigDecimal;
import java.math.MathContext;

/** USD per million tokens of each kind; {@link #cost} prices one call's usage. Zero for local models. */
public record Pricing(BigDecimal input, BigDecimal output, BigDecimal cacheRead, BigDecimal cacheWrite) {
    public static final Pricing FREE = new Pricing(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    public BigDecimal cost(ModelEvent.Usage u) {
        BigDecimal sum = input.multiply(BigDecimal.valueOf(u.inputTokens()))
                .add(output.multiply(BigDecimal.valueOf(u.outputTokens())))
                .add(cacheRead.multiply(BigDecimal.valueOf(u.cacheReadTokens())))
                .add(cacheWrite.multiply(BigDecimal.valueOf(u.cacheWriteTokens())));
        return sum.divide(MILLION, MathContext.DECIMAL64);
    }
}

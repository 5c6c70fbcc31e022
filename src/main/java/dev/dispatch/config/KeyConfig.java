package dev.dispatch.config;

import java.util.Optional;

/**
 * An API key entry ({@code keys:} in the user config only); the secret itself stays behind {@link Secret}.
 *
 * @param priority higher is tried first
 * @param budget its spending caps, each empty when unlimited
 */
public record KeyConfig(String id, String provider, Secret secret, long priority, Budget budget) {

    /**
     * Caps per period. Days start at {@code resetHour} UTC, months on {@code resetDay} at that hour.
     */
    public record Budget(
            Optional<Double> usdPerDay,
            Optional<Double> usdPerMonth,
            Optional<Double> usdTotal,
            Optional<Long> tokensPerDay,
            Optional<Long> tokensPerMonth,
            Optional<Long> tokensTotal,
            int resetHour,
            int resetDay) {
        public static final Budget UNLIMITED = new Budget(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                0,
                1);

        public boolean limited() {
            return usdPerDay.isPresent()
                    || usdPerMonth.isPresent()
                    || usdTotal.isPresent()
                    || tokensPerDay.isPresent()
                    || tokensPerMonth.isPresent()
                    || tokensTotal.isPresent();
        }
    }
}

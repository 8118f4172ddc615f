package io.cachectl.bench;

import java.util.SplittableRandom;

/**
 * Zipf-distributed ranks 1..n with exponent s in O(1) time and memory, by rejection-inversion:
 * W. Hörmann and G. Derflinger, "Rejection-inversion to generate variates from monotone discrete
 * distributions", ACM TOMACS 6(3), 1996. This is the algorithm (and helper functions) of Apache
 * Commons Math 3's {@code ZipfDistribution.ZipfRejectionInversionSampler} (Apache License 2.0),
 * transcribed because Commons is not a dependency. Rank 1 is the most popular key.
 */
final class ZipfSampler {
    private final int n;
    private final double exponent;
    private final double hIntegralX1;
    private final double hIntegralN;
    private final double s;

    ZipfSampler(int n, double exponent) {
        if (n < 1 || exponent <= 0) {
            throw new IllegalArgumentException("n >= 1 and exponent > 0 required");
        }
        this.n = n;
        this.exponent = exponent;
        this.hIntegralX1 = hIntegral(1.5) - 1d;
        this.hIntegralN = hIntegral(n + 0.5);
        this.s = 2d - hIntegralInverse(hIntegral(2.5) - h(2));
    }

    /** A rank in 1..n. */
    int sample(SplittableRandom random) {
        while (true) {
            double u = hIntegralN + random.nextDouble() * (hIntegralX1 - hIntegralN);
            double x = hIntegralInverse(u);
            int k = (int) (x + 0.5);
            if (k < 1) {
                k = 1;
            } else if (k > n) {
                k = n;
            }
            if (k - x <= s || u >= hIntegral(k + 0.5) - h(k)) {
                return k;
            }
        }
    }

    private double hIntegral(double x) {
        double logX = Math.log(x);
        return helper2((1d - exponent) * logX) * logX;
    }

    private double h(double x) {
        return Math.exp(-exponent * Math.log(x));
    }

    private double hIntegralInverse(double x) {
        double t = x * (1d - exponent);
        if (t < -1d) {
            t = -1d; // numerical safety, as in the original
        }
        return Math.exp(helper1(t) * x);
    }

    /** log1p(x)/x, accurate near 0. */
    private static double helper1(double x) {
        return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
    }

    /** expm1(x)/x, accurate near 0. */
    private static double helper2(double x) {
        return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + x * (1.0 / 3.0) * (1 + 0.25 * x));
    }
}

package io.cachectl.doctor;

import io.cachectl.slo.Status;
import java.util.List;

/**
 * One finding of doctor: {@code rule} (memory, no_maxmemory, fragmentation, hit_rate, eviction_rate,
 * latency, big_keys, no_ttl, unreachable), {@code severity} FAIL or WARN, a one-line {@code summary},
 * the {@code evidence} it rests on and the {@code next} commands to run.
 */
public record Diagnosis(String rule, Status severity, String summary, List<String> evidence, List<String> next) {
}

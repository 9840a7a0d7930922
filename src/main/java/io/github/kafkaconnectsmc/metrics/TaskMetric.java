package io.github.kafkaconnectsmc.metrics;

import java.util.function.LongSupplier;

/** One number a task publishes: a name in kebab case, what it means, and where its current value comes from. */
public record TaskMetric(String name, String description, LongSupplier value) {
}

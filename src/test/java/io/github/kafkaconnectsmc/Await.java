package io.github.kafkaconnectsmc;

import java.util.function.Supplier;
import org.apache.kafka.test.TestCondition;
import org.apache.kafka.test.TestUtils;

/** Waits for a condition with a deadline, checking often so that tests stay fast. Never a fixed sleep. */
public final class Await {

    public static final long DEADLINE_MS = 10_000;
    private static final long CHECK_EVERY_MS = 5;

    private Await() {
    }

    public static void until(TestCondition condition, String whatWasExpected) throws InterruptedException {
        until(condition, () -> whatWasExpected);
    }

    /** As {@link #until(TestCondition, String)}, with a message computed when the deadline passes. */
    public static void until(TestCondition condition, Supplier<String> whatWasExpected) throws InterruptedException {
        TestUtils.waitForCondition(condition, DEADLINE_MS, CHECK_EVERY_MS, whatWasExpected);
    }
}

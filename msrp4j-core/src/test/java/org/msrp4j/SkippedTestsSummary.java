package org.msrp4j;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Says at the end of the module's test run which tests did not run and why, so a build on a
 * machine without the interop services (Kamailio, dnsmasq) shows what it left out instead of
 * passing quietly: one line per test class and reason, the tests disabled or aborted by an
 * assumption. Registered with the JUnit Platform launcher through {@code META-INF/services}.
 */
public final class SkippedTestsSummary implements TestExecutionListener {

    private final Map<String, AtomicInteger> notRun = new ConcurrentHashMap<>();

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        record(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (test.isTest() && result.getStatus() == TestExecutionResult.Status.ABORTED) {
            record(test, result.getThrowable().map(Throwable::getMessage).orElse("aborted"));
        }
    }

    private void record(TestIdentifier test, String reason) {
        String where = test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                .map(MethodSource::getClassName).or(() -> Optional.of(test.getDisplayName())).orElseThrow();
        String simple = where.substring(where.lastIndexOf('.') + 1);
        notRun.computeIfAbsent(simple + ": " + (reason == null ? "disabled" : reason.strip()),
                k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (notRun.isEmpty()) {
            return;
        }
        StringBuilder b = new StringBuilder(System.lineSeparator());
        new TreeMap<>(notRun).forEach((what, n) -> b.append("NOT RUN: ").append(n).append(n.get() == 1 ? " test of "
                : " tests of ").append(what).append(System.lineSeparator()));
        b.append("(README.md, section Tests, says how to run them)");
        System.out.println(b);
        System.out.flush();
    }
}

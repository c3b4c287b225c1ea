package dev.sluice.policy.testing;

import dev.sluice.contracts.decision.Command;
import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.ConnectionRef;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.policy.bundle.ConnectionDef;
import dev.sluice.policy.bundle.PolicyBundle;
import dev.sluice.policy.bundle.PolicyBundleException;
import dev.sluice.policy.bundle.PolicyBundleLoader;
import dev.sluice.policy.bundle.PolicyTestCase;
import dev.sluice.policy.decision.PolicyEngine;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs the test cases written in a bundle ({@code tests:}) against the engine alone: no server, no
 * database. Used by the CLI ({@code java -jar policy-service-exec.jar test <bundle-dir>}) so that a policy
 * change can be checked in CI before it is deployed.
 */
public final class PolicyTestRunner {

    /** Exit status when every case passed. */
    public static final int PASSED = 0;
    /** Exit status when a case failed or the bundle is invalid. */
    public static final int FAILED = 1;
    /** Exit status for a wrong command line. */
    public static final int USAGE = 2;

    private PolicyTestRunner() {}

    /**
     * The outcome of one case.
     *
     * @param testCase the case
     * @param decision what the engine decided
     */
    public record CaseResult(PolicyTestCase testCase, Decision decision) {
        /** Whether the engine decided as expected. */
        public boolean passed() {
            return decision.effect() == testCase.expect() && (testCase.rule() == null || testCase.rule().equals(decision.ruleId()))
                    && (testCase.limits() == null || testCase.limits().equals(limitsId(decision)));
        }
    }

    /** The limits entry a decision carries, or {@link PolicyTestCase#NO_LIMITS}. */
    static String limitsId(Decision decision) {
        return decision.limits() == null ? PolicyTestCase.NO_LIMITS : decision.limits().ruleId();
    }

    /** Runs every case of {@code bundle}, in bundle order. */
    public static List<CaseResult> run(PolicyBundle bundle) {
        return bundle.tests().stream().map(test -> new CaseResult(test,
                PolicyEngine.decide(bundle, request(bundle, test), test.at() == null ? Instant.now() : test.at()))).toList();
    }

    /** The request a case stands for: a connect or a query over the PostgreSQL protocol. */
    static DecisionRequest request(PolicyBundle bundle, PolicyTestCase test) {
        Command command = test.isConnect() ? new Command(CommandType.CONNECT, "", Map.of())
                : new Command(CommandType.QUERY, test.command(), Map.of("message", "Query"));
        return new DecisionRequest("policy-test", test.identity(), new ConnectionRef(test.connection(), protocol(bundle, test), Map.of()), command, "127.0.0.1");
    }

    /** The protocol the bundle declares for the case's connection; PostgreSQL when it does not say. */
    private static String protocol(PolicyBundle bundle, PolicyTestCase test) {
        ConnectionDef declared = bundle.connections().get(test.connection());
        return declared == null || declared.protocol() == null ? "postgres" : declared.protocol();
    }

    /**
     * The CLI: {@code test <bundle-dir>}. Prints one line per case and {@code N passed, M failed}.
     *
     * @return the process exit status: {@link #PASSED}, {@link #FAILED} or {@link #USAGE}
     */
    public static int cli(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 2 || !"test".equals(args.get(0))) {
            err.println("usage: java -jar policy-service-exec.jar test <bundle-dir>");
            return USAGE;
        }
        PolicyBundle bundle;
        try {
            bundle = PolicyBundleLoader.loadDirectory(Path.of(args.get(1)));
        } catch (PolicyBundleException e) {
            err.println("invalid bundle: " + e.getMessage());
            return FAILED;
        }
        List<CaseResult> results = run(bundle);
        int failed = 0;
        for (CaseResult result : results) {
            PolicyTestCase test = result.testCase();
            if (result.passed()) {
                out.println("PASS " + test.name());
            } else {
                failed++;
                out.println("FAIL " + test.name() + " (" + test.source() + "): expected " + test.expect()
                        + (test.rule() == null ? "" : " by " + test.rule())
                        + (test.limits() == null ? "" : " with limits " + test.limits()) + ", got "
                        + result.decision().effect() + " by " + result.decision().ruleId()
                        + (test.limits() == null ? "" : " with limits " + limitsId(result.decision()))
                        + ": " + result.decision().reason());
            }
        }
        if (results.isEmpty()) {
            out.println("bundle " + bundle.version() + " has no test cases");
        }
        out.println((results.size() - failed) + " passed, " + failed + " failed");
        return failed == 0 ? PASSED : FAILED;
    }
}

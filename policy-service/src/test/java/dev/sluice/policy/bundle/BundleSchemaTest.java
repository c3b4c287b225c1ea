package dev.sluice.policy.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.contracts.decision.CommandType;
import dev.sluice.sql.Danger;
import dev.sluice.sql.StatementClass;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The published JSON Schema and the loader agree on every key and enum, and the shipped bundles load. */
class BundleSchemaTest {

    private final JsonNode schema = JsonMapper.builder().build().readTree(
            new ClassPathResource("policy-bundle.schema.json").getContentAsString(StandardCharsets.UTF_8));

    BundleSchemaTest() throws Exception {}

    private static Set<String> keys(JsonNode object) {
        return new HashSet<>(object.path("properties").propertyNames());
    }

    private static Set<String> enumOf(JsonNode property) {
        Set<String> values = new HashSet<>();
        property.path("items").path("enum").forEach(v -> values.add(v.asString()));
        return values;
    }

    private static <E extends Enum<E>> Set<String> lower(Class<E> type) {
        return new HashSet<>(Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    }

    @Test
    void schemaKeysAreExactlyTheLoadersKeys() {
        JsonNode defs = schema.path("$defs");
        assertThat(keys(schema)).isEqualTo(PolicyBundleLoader.TOP_KEYS);
        assertThat(keys(defs.path("rule"))).isEqualTo(RuleReader.RULE_KEYS);
        assertThat(keys(defs.path("match"))).isEqualTo(RuleReader.MATCH_KEYS);
        assertThat(keys(defs.path("approval"))).isEqualTo(RuleReader.APPROVAL_KEYS);
        assertThat(keys(defs.path("maskingRule"))).isEqualTo(MaskingReader.MASKING_KEYS);
        assertThat(keys(defs.path("maskingMatch"))).isEqualTo(RuleReader.CONTEXT_KEYS);
        assertThat(keys(defs.path("customDetector"))).isEqualTo(MaskingReader.CUSTOM_KEYS);
        assertThat(keys(defs.path("limits"))).isEqualTo(LimitsReader.LIMIT_KEYS);
        assertThat(keys(defs.path("connection"))).isEqualTo(ContextReader.CONNECTION_KEYS);
        assertThat(keys(defs.path("time"))).isEqualTo(ContextReader.TIME_KEYS);
        assertThat(keys(defs.path("testCase"))).isEqualTo(TestCaseReader.TEST_KEYS);
        assertThat(keys(defs.path("testCase").path("properties").path("identity"))).isEqualTo(TestCaseReader.IDENTITY_KEYS);
        for (JsonNode object : List.of(schema, defs.path("rule"), defs.path("match"), defs.path("testCase"), defs.path("approval"),
                defs.path("maskingRule"), defs.path("maskingMatch"), defs.path("customDetector"), defs.path("connection"), defs.path("time"),
                defs.path("limits"))) {
            assertThat(object.path("additionalProperties").asBoolean(true)).as("unknown keys are errors").isFalse();
        }
    }

    @Test
    void schemaEnumsAreExactlyTheLoadersValues() {
        JsonNode match = schema.path("$defs").path("match").path("properties");
        assertThat(enumOf(match.path("classes"))).isEqualTo(lower(StatementClass.class));
        assertThat(enumOf(match.path("dangers"))).isEqualTo(lower(Danger.class));
        assertThat(enumOf(match.path("commandTypes"))).isEqualTo(lower(CommandType.class));
        assertThat(enumOf(match.path("protocols"))).isEqualTo(ConnectionDef.PROTOCOLS);
        JsonNode defs = schema.path("$defs");
        Set<String> detectors = new HashSet<>();
        defs.path("maskingRule").path("properties").path("detectors").path("propertyNames").path("enum").forEach(v -> detectors.add(v.asString()));
        assertThat(detectors).isEqualTo(MaskStrategies.DETECTORS);
        Set<String> effects = new HashSet<>();
        defs.path("rule").path("properties").path("effect").path("enum").forEach(v -> effects.add(v.asString()));
        assertThat(effects).isEqualTo(new HashSet<>(RuleReader.RULE_EFFECTS.stream().map(Enum::name).toList()));
        java.util.regex.Pattern strategy = java.util.regex.Pattern.compile(defs.path("strategy").path("pattern").asString());
        for (String candidate : List.of("redact", "hash", "null", "format", "partial:1", "partial:4", "partial:32", "partial:0",
                "partial:33", "partial:", "blur", "REDACT", "partial:04")) {
            assertThat(strategy.matcher(candidate).matches()).as(candidate).isEqualTo(MaskStrategies.isValid(candidate));
        }
    }

    @Test
    void theDemoBundleLoadsWithItsTests() {
        PolicyBundle demo = PolicyBundleLoader.load(null);
        assertThat(demo.rules()).extracting(PolicyRule::id).contains("dba-full-access", "readers-read", "no-unbounded-writes");
        assertThat(demo.tests()).hasSizeGreaterThan(10);
        assertThat(PolicyBundleLoader.validate(List.of(new PolicyBundleLoader.BundleFile("t.yaml",
                "tests:\n  - name: n\n    identity: {subject: s, groups: [g], kind: service}\n    connection: c\n    command: connect\n    expect: DENY\n"))))
                .isEmpty();
    }
}

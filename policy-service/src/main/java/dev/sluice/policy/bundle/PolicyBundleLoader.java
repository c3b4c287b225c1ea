package dev.sluice.policy.bundle;

import dev.sluice.contracts.decision.MaskSpec;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads a policy bundle: every {@code *.yaml} / {@code *.yml} file of one directory (format in
 * {@code docs/policy.md}). Files are parsed with SnakeYAML's safe composer (no object construction, no
 * aliases bombs) and validated strictly: an unknown key, a wrong type or a duplicate rule id fails the whole
 * bundle with the file and line, because a typo such as {@code grups:} silently matching everyone would be
 * worse than refusing to start.
 */
public final class PolicyBundleLoader {

    /** Where the built-in demo bundle lives on the classpath. */
    public static final String DEMO_BUNDLE = "classpath:policy-bundles/demo/";

    private static final int MAX_FILE_CHARS = 4 * 1024 * 1024;

    /** Keys of a bundle file's top level. */
    static final Set<String> TOP_KEYS = Set.of("connections", "rules", "masking", "limits", "tests");

    /**
     * One bundle file.
     *
     * @param name    the file name, used for ordering, hashing and diagnostics
     * @param content its text
     */
    public record BundleFile(String name, String content) {}

    private PolicyBundleLoader() {}

    /**
     * Loads from {@code location}: a filesystem directory, or {@code classpath:dir/}; null or blank means
     * the demo bundle.
     */
    public static PolicyBundle load(String location) {
        String where = location == null || location.isBlank() ? DEMO_BUNDLE : location.strip();
        return where.startsWith("classpath:") ? loadClasspath(where.substring("classpath:".length())) : loadDirectory(Path.of(where));
    }

    /** Loads every YAML file directly inside {@code directory}. */
    public static PolicyBundle loadDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new PolicyBundleException("policy bundle directory not found: " + directory, null);
        }
        List<BundleFile> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path file : entries.filter(Files::isRegularFile).filter(p -> isYaml(p.getFileName().toString())).toList()) {
                files.add(new BundleFile(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new PolicyBundleException("cannot read policy bundle " + directory + ": " + e.getMessage(), e);
        }
        return load(files, directory.toString());
    }

    private static PolicyBundle loadClasspath(String directory) {
        String base = directory.endsWith("/") ? directory : directory + "/";
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(PolicyBundleLoader.class.getClassLoader());
        List<BundleFile> files = new ArrayList<>();
        try {
            for (String pattern : List.of("*.yaml", "*.yml")) {
                for (Resource resource : resolver.getResources("classpath*:" + base + pattern)) {
                    files.add(new BundleFile(resource.getFilename(), resource.getContentAsString(StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new PolicyBundleException("cannot read policy bundle classpath:" + base + ": " + e.getMessage(), e);
        }
        return load(files, "classpath:" + base);
    }

    private static boolean isYaml(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /** Parses, validates and hashes the given files. */
    public static PolicyBundle load(List<BundleFile> unsorted, String origin) {
        if (unsorted.isEmpty()) {
            throw new PolicyBundleException("policy bundle " + origin + " has no *.yaml or *.yml files", null);
        }
        List<BundleFile> files = new ArrayList<>(unsorted);
        files.sort(Comparator.comparing(BundleFile::name));
        List<PolicyRule> rules = new ArrayList<>();
        List<MaskingRule> masking = new ArrayList<>();
        List<PolicyTestCase> tests = new ArrayList<>();
        List<LimitRule> limits = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        Map<String, MaskingRule> customDetectors = new HashMap<>();
        Map<String, ConnectionDef> connections = new LinkedHashMap<>();
        for (BundleFile file : files) {
            Parsed parsed = parse(file);
            for (ConnectionDef connection : parsed.connections()) {
                ConnectionDef previous = connections.putIfAbsent(connection.name(), connection);
                if (previous != null) {
                    throw at(connection.source(), "connection '" + connection.name() + "' is already declared at " + previous.source());
                }
            }
            tests.addAll(parsed.tests());
            for (PolicyRule rule : parsed.rules()) {
                unique(ids, rule.id(), rule.source());
                rules.add(rule);
            }
            for (MaskingRule rule : parsed.masking()) {
                unique(ids, rule.id(), rule.source());
                for (MaskSpec spec : rule.masks()) {
                    if (spec.pattern() == null) {
                        continue;
                    }
                    MaskingRule first = customDetectors.putIfAbsent(spec.detector(), rule);
                    String earlier = first == null ? null : first.masks().stream()
                            .filter(s -> spec.detector().equals(s.detector())).findFirst().orElseThrow().pattern();
                    if (earlier != null && !earlier.equals(spec.pattern())) {
                        throw at(rule.source(), "custom detector '" + spec.detector().substring(MaskStrategies.CUSTOM_PREFIX.length())
                                + "' has a different pattern at " + first.source() + "; give it another name");
                    }
                }
                masking.add(rule);
            }
            for (LimitRule limit : parsed.limits()) {
                unique(ids, limit.id(), limit.source());
                limits.add(limit);
            }
        }
        return new PolicyBundle(version(files), files.stream().map(BundleFile::name).toList(), connections, rules, masking, tests,
                limits);
    }

    private static void unique(Map<String, String> ids, String id, String source) {
        String previous = ids.putIfAbsent(id, source);
        if (previous != null) {
            throw at(source, "duplicate rule id '" + id + "' (first at " + previous + ")");
        }
    }

    /** An error at a {@code file:line} source. */
    private static PolicyBundleException at(String source, String message) {
        String[] at = source.split(":(?=\\d+$)");
        return new PolicyBundleException(at[0], Integer.parseInt(at[1]), message);
    }

    /**
     * Every problem of the given files without loading them: each file is checked on its own (so that one
     * broken file does not hide another's problems), then the bundle as a whole (duplicate rule ids).
     *
     * @return the problems, empty when the files form a valid bundle
     */
    public static List<PolicyBundleException> validate(List<BundleFile> files) {
        if (files.isEmpty()) {
            return List.of(new PolicyBundleException("the bundle has no files", null));
        }
        List<PolicyBundleException> problems = new ArrayList<>();
        for (BundleFile file : files.stream().sorted(Comparator.comparing(BundleFile::name)).toList()) {
            try {
                parse(file);
            } catch (PolicyBundleException e) {
                problems.add(e);
            }
        }
        if (problems.isEmpty()) {
            try {
                load(files, "request");
            } catch (PolicyBundleException e) {
                problems.add(e);
            }
        }
        return problems;
    }

    static String version(List<BundleFile> sortedFiles) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (BundleFile file : sortedFiles) {
                digest.update(file.name().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(file.content().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** What one file holds. */
    private record Parsed(List<ConnectionDef> connections, List<PolicyRule> rules, List<MaskingRule> masking, List<PolicyTestCase> tests,
            List<LimitRule> limits) {}

    private static Parsed parse(BundleFile file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(0);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(MAX_FILE_CHARS);
        Node root;
        try {
            root = new Yaml(new SafeConstructor(options)).compose(new StringReader(file.content()));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new PolicyBundleException(file.name(), line, "invalid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new PolicyBundleException(file.name(), 1, "invalid YAML: " + e.getMessage());
        }
        if (root == null) {
            return new Parsed(List.of(), List.of(), List.of(), List.of(), List.of()); // an empty file holds nothing
        }
        YamlReader yaml = new YamlReader(file.name());
        RuleReader reader = new RuleReader(yaml);
        Map<String, Node> top = yaml.mapping(root, "the document", TOP_KEYS);
        if (top.isEmpty()) {
            throw yaml.error(root, "expected 'connections', 'rules', 'masking', 'limits' and/or 'tests'");
        }
        List<ConnectionDef> connections = top.containsKey("connections") ? new ContextReader(yaml).connections(top.get("connections")) : List.of();
        List<PolicyRule> rules = new ArrayList<>();
        for (Node ruleNode : yaml.items(top.get("rules"), "rules")) {
            rules.add(reader.rule(ruleNode));
        }
        MaskingReader maskingReader = new MaskingReader(yaml, reader);
        List<MaskingRule> masking = new ArrayList<>();
        for (Node maskingNode : yaml.items(top.get("masking"), "masking")) {
            masking.add(maskingReader.maskingRule(maskingNode));
        }
        LimitsReader limitsReader = new LimitsReader(yaml, reader);
        List<LimitRule> limits = new ArrayList<>();
        for (Node limitsNode : yaml.items(top.get("limits"), "limits")) {
            limits.add(limitsReader.limits(limitsNode));
        }
        TestCaseReader testReader = new TestCaseReader(yaml);
        List<PolicyTestCase> tests = new ArrayList<>();
        for (Node testNode : yaml.items(top.get("tests"), "tests")) {
            tests.add(testReader.testCase(testNode));
        }
        return new Parsed(connections, rules, masking, tests, limits);
    }
}

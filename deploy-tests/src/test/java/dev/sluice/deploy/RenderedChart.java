package dev.sluice.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The chart rendered by Helm's own template engine (helm-java, no cluster), parsed into manifests.
 *
 * <p>Resource names follow the chart's {@code <release>-sluice-<component>} pattern with {@link #RELEASE}.
 */
final class RenderedChart {

    static final String RELEASE = "gw";
    static final String NAMESPACE = "access";
    /** A current Kubernetes release; helm-java would otherwise assume an old default (1.20). */
    static final String KUBE_VERSION = "1.33.0";

    private final String text;
    private final List<Map<String, Object>> documents;

    private RenderedChart(String text, List<Map<String, Object>> documents) {
        this.text = text;
        this.documents = documents;
    }

    /** Renders with the chart's defaults plus the given values files from test resources (values/NAME.yaml). */
    static RenderedChart render(String... valuesFiles) {
        return render(command -> command, valuesFiles);
    }

    /** Renders with values files and extra {@code --set} style tweaks. */
    static RenderedChart render(UnaryOperator<TemplateCommand> customise, String... valuesFiles) {
        TemplateCommand command = new Helm(RepoPaths.chart()).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        for (String file : valuesFiles) {
            command = command.withValuesFile(valuesFile(file));
        }
        String text = customise.apply(command).call();
        return new RenderedChart(text, parse(text));
    }

    static Path valuesFile(String name) {
        try {
            var url = Objects.requireNonNull(RenderedChart.class.getResource("/values/" + name + ".yaml"), name);
            return Path.of(url.toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parse(String text) {
        var yaml = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions()));
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : yaml.loadAll(text)) {
            if (document instanceof Map<?, ?> map && !map.isEmpty()) {
                documents.add((Map<String, Object>) map);
            }
        }
        return List.copyOf(documents);
    }

    /** The raw multi-document YAML Helm produced. */
    String text() {
        return text;
    }

    List<Map<String, Object>> documents() {
        return documents;
    }

    List<Map<String, Object>> ofKind(String kind) {
        return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    /** Names of the resources of one kind. */
    List<String> names(String kind) {
        return ofKind(kind).stream().map(d -> Yaml.string(d, "metadata", "name")).toList();
    }

    /** The resource of that kind named {@code <release>-sluice-<component>}; fails when absent. */
    Map<String, Object> get(String kind, String component) {
        String name = name(component);
        return ofKind(kind).stream()
                .filter(d -> name.equals(Yaml.string(d, "metadata", "name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + names(kind)));
    }

    static String name(String component) {
        return RELEASE + "-sluice-" + component;
    }

    /** The first container of a component's Deployment. */
    Map<String, Object> container(String component) {
        return Yaml.maps(get("Deployment", component), "spec", "template", "spec", "containers").getFirst();
    }

    /** A component's config file (the "<component>.yaml" entry of its ConfigMap), parsed. */
    Map<String, Object> config(String component) {
        String file = Yaml.string(get("ConfigMap", component), "data", component + ".yaml");
        return Yaml.map(new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(file));
    }
}

package dev.sluice.policy.bundle;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads what a bundle says about where and when: the {@code connections:} declarations, and the
 * {@code connectionTags}, {@code protocols} and {@code time} conditions of a {@code match}.
 */
final class ContextReader {

    static final Set<String> CONNECTION_KEYS = Set.of("description", "protocol", "tags");
    static final Set<String> TIME_KEYS = Set.of("days", "from", "to", "zone");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])|24:00");
    private static final List<String> DAY_NAMES = List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");

    private final YamlReader yaml;

    ContextReader(YamlReader yaml) {
        this.yaml = yaml;
    }

    /** The {@code connections:} mapping of one file. */
    List<ConnectionDef> connections(Node node) {
        return yaml.keyed(node, "'connections'").entrySet().stream().map(entry -> connection(entry.getKey(), entry.getValue())).toList();
    }

    private ConnectionDef connection(ScalarNode nameNode, Node node) {
        String name = nameNode.getValue();
        if (!NAME.matcher(name).matches()) {
            throw yaml.error(nameNode, "connection name '" + name + "' must be letters, digits, '.', '_' or '-'");
        }
        Map<String, Node> entry = yaml.mapping(node, "connection '" + name + "'", CONNECTION_KEYS);
        String protocol = null;
        if (entry.containsKey("protocol")) {
            protocol = protocol(yaml.scalar(entry.get("protocol"), "protocol"));
            if (protocol == null) {
                throw yaml.error(entry.get("protocol"), "unknown protocol '" + yaml.scalar(entry.get("protocol"), "protocol") + "' (allowed: "
                        + String.join(", ", new java.util.TreeSet<>(ConnectionDef.PROTOCOLS)) + ")");
            }
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (entry.containsKey("tags")) {
            for (Map.Entry<ScalarNode, Node> tag : yaml.keyed(entry.get("tags"), "'tags'").entrySet()) {
                tags.put(tagName(tag.getKey()), yaml.scalar(tag.getValue(), tag.getKey().getValue()));
            }
        }
        return new ConnectionDef(name, protocol, tags, yaml.source(nameNode));
    }

    static String protocol(String value) {
        return ConnectionDef.PROTOCOLS.contains(value) ? value : null;
    }

    /** {@code connectionTags: {env: prod, tier: [gold, silver]}}: each tag must have one of its values. */
    Map<String, Set<String>> connectionTags(Node node) {
        if (node == null) {
            return Map.of();
        }
        Map<ScalarNode, Node> entries = yaml.keyed(node, "'connectionTags'");
        if (entries.isEmpty()) {
            throw yaml.error(node, "'connectionTags' must not be empty (omit it to match anything)");
        }
        Map<String, Set<String>> tags = new LinkedHashMap<>();
        for (Map.Entry<ScalarNode, Node> entry : entries.entrySet()) {
            String name = tagName(entry.getKey());
            tags.put(name, entry.getValue() instanceof SequenceNode ? yaml.list(entry.getValue(), name, s -> s)
                    : Set.of(yaml.scalar(entry.getValue(), name)));
        }
        return tags;
    }

    private String tagName(ScalarNode key) {
        if (!NAME.matcher(key.getValue()).matches()) {
            throw yaml.error(key, "tag name '" + key.getValue() + "' must be letters, digits, '.', '_' or '-'");
        }
        return key.getValue();
    }

    /** {@code time: {days: [MON..FRI, SAT], from: "08:00", to: "18:00", zone: Europe/Berlin}}. */
    TimeWindow time(Node node) {
        if (node == null) {
            return null;
        }
        Map<String, Node> time = yaml.mapping(node, "'time'", TIME_KEYS);
        if (!time.containsKey("days") && !time.containsKey("from") && !time.containsKey("to")) {
            throw yaml.error(node, "'time' needs 'days' and/or 'from' and 'to'");
        }
        if (time.containsKey("from") != time.containsKey("to")) {
            throw yaml.error(node, "'time' needs both 'from' and 'to' (HH:MM, 24-hour)");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (Node item : yaml.items(time.get("days"), "days")) {
            days.addAll(days(item));
        }
        if (time.containsKey("days") && days.isEmpty()) {
            throw yaml.error(time.get("days"), "'days' must not be empty (omit it for every day)");
        }
        LocalTime from = time.containsKey("from") ? clock(time.get("from"), "from") : LocalTime.MIDNIGHT;
        LocalTime to = time.containsKey("to") ? clock(time.get("to"), "to") : LocalTime.MIDNIGHT;
        ZoneId zone = ZoneOffset.UTC;
        if (time.containsKey("zone")) {
            String text = yaml.scalar(time.get("zone"), "zone");
            try {
                zone = ZoneId.of(text);
            } catch (DateTimeException e) {
                throw yaml.error(time.get("zone"), "unknown time zone '" + text + "' (e.g. UTC, Europe/Berlin, America/New_York)");
            }
        }
        return new TimeWindow(days, from, to, zone);
    }

    private Set<DayOfWeek> days(Node item) {
        String text = yaml.scalar(item, "days").strip().toUpperCase(Locale.ROOT);
        String[] range = text.split("\\.\\.", -1);
        int first = range.length <= 2 ? DAY_NAMES.indexOf(range[0].strip()) : -1;
        int last = range.length == 2 ? DAY_NAMES.indexOf(range[1].strip()) : first;
        if (first < 0 || last < 0) {
            throw yaml.error(item, "'days' holds MON, TUE, WED, THU, FRI, SAT, SUN or a range such as MON..FRI, not '"
                    + yaml.scalar(item, "days") + "'");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (int i = first; ; i = (i + 1) % 7) { // FRI..MON wraps over the weekend
            days.add(DayOfWeek.of(i + 1));
            if (i == last) {
                return days;
            }
        }
    }

    private LocalTime clock(Node node, String key) {
        String text = yaml.scalar(node, key).strip();
        Matcher m = TIME.matcher(text);
        if (!m.matches()) {
            throw yaml.error(node, "'" + key + "' must be a time of day HH:MM (24-hour, quoted), not '" + text + "'");
        }
        return text.equals("24:00") ? LocalTime.MIDNIGHT : LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }
}

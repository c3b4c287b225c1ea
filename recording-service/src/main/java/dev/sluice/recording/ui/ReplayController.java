package dev.sluice.recording.ui;

import dev.sluice.recording.storage.SessionSearch;
import dev.sluice.recording.verify.ChainVerification;
import dev.sluice.recording.web.SessionDetail;
import dev.sluice.recording.web.SessionReader;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The replay UI (server-rendered with Thymeleaf; htmx refreshes the list as filters change and loads the
 * integrity badge): a filtered session list, and a session replayed as a timeline with its chain verification.
 * Auditors only, see {@link dev.sluice.recording.config.UiSecurityConfig}.
 */
@Controller
@RequestMapping("/ui")
public final class ReplayController {

    private static final int LIST_LIMIT = 200;

    private final SessionSearch search;
    private final SessionReader reader;

    public ReplayController(SessionSearch search, SessionReader reader) {
        this.search = search;
        this.reader = reader;
    }

    @GetMapping({"", "/"})
    public String home() {
        return "redirect:/ui/sessions";
    }

    @GetMapping("/signed-out")
    public String signedOut() {
        return "ui/signed-out";
    }

    /** The list page with its filter form. */
    @GetMapping("/sessions")
    public String sessions(Filters filters, Model model) {
        model.addAttribute("filters", filters);
        model.addAttribute("rows", find(filters));
        return "ui/sessions";
    }

    /** Just the rows, for htmx to swap in when a filter changes. */
    @GetMapping("/sessions/rows")
    public String rows(Filters filters, Model model) {
        model.addAttribute("rows", find(filters));
        return "ui/sessions :: rows";
    }

    /** One session replayed as a timeline. */
    @GetMapping("/sessions/{id}")
    public String session(@PathVariable String id, Model model) {
        SessionDetail detail = reader.detail(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such session"));
        List<TimelineEntry> timeline = detail.events().stream().map(TimelineEntry::of).toList();
        model.addAttribute("recorded", detail);
        model.addAttribute("timeline", timeline);
        return "ui/session";
    }

    /** The integrity badge, verified from storage now. */
    @GetMapping("/sessions/{id}/integrity")
    public String integrity(@PathVariable String id, Model model) {
        ChainVerification verification = reader.verify(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such session"));
        model.addAttribute("verification", verification);
        return "ui/integrity :: integrity";
    }

    /** Downloads, as the API's export. */
    @GetMapping("/sessions/{id}/export")
    public ResponseEntity<String> export(@PathVariable String id, @RequestParam(defaultValue = "json") String format) {
        if (!format.equals("json") && !format.equals("csv")) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "format must be json or csv");
        }
        return reader.export(id, format)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such session"));
    }

    private List<SessionSearch.Row> find(Filters filters) {
        return search.find(new SessionSearch.Filter(filters.identity(), filters.kind(), filters.connection(),
                time(filters.from()), time(filters.to()), filters.onlyDenials(), filters.onlyApprovals(), LIST_LIMIT));
    }

    /** {@code datetime-local} values, read as UTC; anything unreadable is ignored rather than an error. */
    private static Instant time(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.endsWith("Z") ? Instant.parse(value) : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The list filters as submitted by the form.
     *
     * @param identity   subject substring
     * @param kind       {@code HUMAN}, {@code SERVICE} or empty
     * @param connection connection name
     * @param from       started at or after (UTC, {@code yyyy-MM-ddTHH:mm})
     * @param to         started before (UTC)
     * @param denials    only sessions with denials
     * @param approvals  only sessions with approvals
     */
    public record Filters(String identity, String kind, String connection, String from, String to, Boolean denials,
            Boolean approvals) {

        /** Whether only sessions with denials are wanted (unchecked boxes are absent from the request). */
        public boolean onlyDenials() {
            return Boolean.TRUE.equals(denials);
        }

        /** Whether only sessions with approvals are wanted. */
        public boolean onlyApprovals() {
            return Boolean.TRUE.equals(approvals);
        }
    }
}

package dev.sluice.approval.ui;

import dev.sluice.approval.store.ApprovalState;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The history page: every request the signed-in person may see, filtered and paged; htmx refreshes the rows. */
@Controller
public final class HistoryController {

    private final HistorySearch search;

    public HistoryController(HistorySearch search) {
        this.search = search;
    }

    /** The page with its filter form. */
    @GetMapping("/history")
    public String history(Authentication authentication, Filters filters, Model model) {
        fill(authentication, filters, model);
        model.addAttribute("states", Arrays.stream(ApprovalState.values()).map(Enum::name).toList());
        model.addAttribute("me", ReviewerIdentity.of(authentication).subject());
        return "review/history";
    }

    /** Just the rows and pager, for htmx when a filter changes. */
    @GetMapping("/history/rows")
    public String rows(Authentication authentication, Filters filters, Model model) {
        fill(authentication, filters, model);
        return "review/history :: results";
    }

    private void fill(Authentication authentication, Filters filters, Model model) {
        String wanted = filters.state() == null ? "" : filters.state().toUpperCase(Locale.ROOT);
        String state = Arrays.stream(ApprovalState.values()).map(Enum::name).filter(wanted::equals).findFirst()
                .orElse("");
        int page = filters.page() == null ? 0 : Math.clamp(filters.page(), 0, 100_000);
        HistorySearch.Page found = search.find(ReviewerIdentity.of(authentication), new HistorySearch.Filter(state,
                filters.requester(), filters.connection(), time(filters.from()), time(filters.to()), page));
        model.addAttribute("filters", filters);
        model.addAttribute("page", page);
        model.addAttribute("found", found);
    }

    /** {@code datetime-local} values, read as UTC; anything unreadable does not filter. */
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
     * The filters as the form submits them.
     *
     * @param state      a state name or empty
     * @param requester  requester substring
     * @param connection connection name
     * @param from       created at or after (UTC, {@code yyyy-MM-ddTHH:mm})
     * @param to         created before (UTC)
     * @param page       zero-based page
     */
    public record Filters(String state, String requester, String connection, String from, String to, Integer page) {}
}

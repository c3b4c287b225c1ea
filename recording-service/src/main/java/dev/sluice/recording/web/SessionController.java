package dev.sluice.recording.web;

import dev.sluice.recording.storage.SessionRepository;
import dev.sluice.recording.verify.ChainVerification;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Read API over recorded sessions, for auditors. */
@RestController
@RequestMapping(path = "/api/sessions", produces = "application/json")
public final class SessionController {

    /** Upper bound of {@code limit}, so one request cannot load the whole table. */
    public static final int MAX_LIMIT = 500;

    private final SessionRepository sessions;
    private final SessionReader reader;

    public SessionController(SessionRepository sessions, SessionReader reader) {
        this.sessions = sessions;
        this.reader = reader;
    }

    /** Sessions, newest first. */
    @GetMapping
    public List<SessionSummary> list(@RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        return sessions.findNewest(PageRequest.of(0, limit)).stream().map(SessionSummary::of).toList();
    }

    /** One session with its events in sequence order. */
    @GetMapping("/{id}")
    public SessionDetail get(@PathVariable String id) {
        return reader.detail(id).orElseThrow(() -> new NotFound("no session " + id));
    }

    /**
     * Re-verifies the session's hash chain from storage (not from the {@code chain_ok} flags set at ingest), so
     * that rows edited, deleted or reordered in the database since are detected. docs/recording.md.
     */
    @GetMapping("/{id}/verify")
    public ChainVerification verify(@PathVariable String id) {
        return reader.verify(id).orElseThrow(() -> new NotFound("no session " + id));
    }

    /**
     * The session as a download: {@code format=json} (the detail and its chain verification) or {@code format=csv}
     * (one row per event, see {@link TranscriptCsv}).
     */
    @GetMapping(path = "/{id}/export", produces = {"application/json", "text/csv"})
    public ResponseEntity<String> export(@PathVariable String id, @RequestParam(defaultValue = "json") String format) {
        if (!format.equals("json") && !format.equals("csv")) {
            throw new BadRequest("format must be json or csv");
        }
        return reader.export(id, format).orElseThrow(() -> new NotFound("no session " + id));
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<ApiError> notFound(NotFound e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new ApiError("not_found", e.getMessage()));
    }

    @ExceptionHandler({BadRequest.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<ApiError> badRequest(Exception e) {
        String message = e instanceof BadRequest ? e.getMessage() : "malformed request parameter";
        return ResponseEntity.badRequest().body(new ApiError("bad_request", message));
    }

    private static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}

package dev.sluice.recording.web;

import dev.sluice.recording.storage.SessionEntity;
import dev.sluice.recording.storage.SessionEventRepository;
import dev.sluice.recording.storage.SessionRepository;
import dev.sluice.recording.verify.ChainVerification;
import dev.sluice.recording.verify.SessionVerifier;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** Reads sessions for the API and the replay UI alike: detail, verification and exports. */
@Service
public final class SessionReader {

    private final SessionRepository sessions;
    private final SessionEventRepository events;
    private final JsonMapper jsonMapper;
    private final SessionVerifier verifier;

    public SessionReader(SessionRepository sessions, SessionEventRepository events, JsonMapper jsonMapper,
            SessionVerifier verifier) {
        this.sessions = sessions;
        this.events = events;
        this.jsonMapper = jsonMapper;
        this.verifier = verifier;
    }

    /**
     * An exported session.
     *
     * @param session      the session and its events
     * @param verification its chain verification at export time
     */
    public record SessionExport(SessionDetail session, ChainVerification verification) {}

    /** The session with its events in sequence order, if it exists. */
    public Optional<SessionDetail> detail(String id) {
        Optional<SessionEntity> session = sessions.findById(id);
        if (session.isEmpty()) {
            return Optional.empty();
        }
        List<SessionDetail.Event> transcript = events.findBySessionIdOrderBySeq(id).stream()
                .map(event -> new SessionDetail.Event(event.getEventId(), event.getSeq(), event.getType(),
                        event.getEventTimeText(), event.getHash(), event.getPrevhash(), event.isChainOk(),
                        jsonMapper.readTree(event.getData())))
                .toList();
        return Optional.of(SessionDetail.of(session.get(), transcript));
    }

    /** The chain verification from storage, if the session exists. */
    public Optional<ChainVerification> verify(String id) {
        return sessions.existsById(id) ? Optional.of(verifier.verify(id)) : Optional.empty();
    }

    /**
     * The session as a download, {@code json} (detail and verification) or {@code csv} ({@link TranscriptCsv});
     * empty if the session does not exist.
     */
    public Optional<ResponseEntity<String>> export(String id, String format) {
        return detail(id).map(detail -> {
            boolean csv = format.equals("csv");
            // ids are proxy-made UUIDs, but the header must stay well-formed whatever was stored
            String filename = "session-" + id.replaceAll("[^A-Za-z0-9._-]", "_") + (csv ? ".csv" : ".json");
            String body = csv ? TranscriptCsv.write(detail)
                    : jsonMapper.writeValueAsString(new SessionExport(detail, verifier.verify(id)));
            return ResponseEntity.ok()
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
                    .contentType(csv ? new MediaType("text", "csv", StandardCharsets.UTF_8) : MediaType.APPLICATION_JSON)
                    .body(body);
        });
    }
}

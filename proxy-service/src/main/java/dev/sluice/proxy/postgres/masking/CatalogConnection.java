package dev.sluice.proxy.postgres.masking;

import dev.sluice.proxy.postgres.codec.BackendDecoder;
import dev.sluice.proxy.postgres.codec.FrontendEncoder;
import dev.sluice.proxy.postgres.codec.PgFrameReader;
import dev.sluice.proxy.postgres.message.BackendMessage;
import dev.sluice.proxy.postgres.message.DataRow;
import dev.sluice.proxy.postgres.message.ErrorResponse;
import dev.sluice.proxy.postgres.message.Query;
import dev.sluice.proxy.postgres.message.ReadyForQuery;
import dev.sluice.proxy.postgres.session.UpstreamConnection;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The proxy's own internal connection to the target for catalog look-ups, separate from the client's session
 * so that nothing is ever interleaved into the client's stream. Simple-query protocol, text results.
 */
final class CatalogConnection implements AutoCloseable {
    private final UpstreamConnection connection;

    CatalogConnection(UpstreamConnection connection) {
        this.connection = connection;
    }

    /** Runs one statement and returns its rows as text (null for SQL NULL). */
    List<List<String>> query(String sql) throws IOException {
        FrontendEncoder.encodeTo(new Query(sql), connection.output());
        connection.output().flush();
        PgFrameReader reader = connection.reader();
        List<List<String>> rows = new ArrayList<>();
        String error = null;
        while (true) {
            if (!reader.readFrame()) {
                throw new EOFException("the catalog connection closed");
            }
            BackendMessage message = BackendDecoder.decode(reader.type(), reader.array(), reader.payloadOffset(),
                    reader.payloadLength());
            switch (message) {
                case DataRow row -> rows.add(Arrays.stream(row.values())
                        .map(v -> v == null ? null : new String(v, StandardCharsets.UTF_8)).toList());
                case ErrorResponse e -> error = e.code() + " " + e.message();
                case ReadyForQuery ready -> {
                    if (error != null) {
                        throw new IOException("catalog query failed: " + error);
                    }
                    return rows;
                }
                default -> { }
            }
        }
    }

    @Override
    public void close() {
        connection.close();
    }
}

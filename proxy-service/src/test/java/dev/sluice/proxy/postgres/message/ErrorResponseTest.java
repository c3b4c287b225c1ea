package dev.sluice.proxy.postgres.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.proxy.postgres.error.PgException;
import dev.sluice.proxy.postgres.error.PgProtocolException;
import dev.sluice.proxy.postgres.error.SqlState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorResponseTest {

    @Test
    void fillsSeverityCodeAndMessageInServerOrder() {
        ErrorResponse error = ErrorResponse.of("ERROR", SqlState.INSUFFICIENT_PRIVILEGE, "denied by policy");

        assertThat(error.fields().keySet()).containsExactly((byte) 'S', (byte) 'V', (byte) 'C', (byte) 'M');
        assertThat(error.severity()).isEqualTo("ERROR");
        assertThat(error.code()).isEqualTo("42501");
        assertThat(error.message()).isEqualTo("denied by policy");
        assertThat(error.detail()).isNull();
    }

    @Test
    void buildsFatalAndNonFatalErrors() {
        assertThat(ErrorResponse.fatal("28P01", "bad token").severity()).isEqualTo("FATAL");
        assertThat(ErrorResponse.error("57014", "cancelled").severity()).isEqualTo("ERROR");
    }

    @Test
    void translatesProtocolExceptionsByFatality() {
        assertThat(ErrorResponse.from(new PgProtocolException("bad frame")))
                .isEqualTo(ErrorResponse.fatal("08P01", "bad frame"));
        assertThat(ErrorResponse.from(new PgException("22021", "bad text", false)))
                .isEqualTo(ErrorResponse.error("22021", "bad text"));
    }

    @Test
    void prefersTheNonLocalizedSeverity() {
        Map<Byte, String> fields = new LinkedHashMap<>();
        fields.put(PgConstants.FIELD_SEVERITY, "FATAL-LOCALISÉ");
        fields.put(PgConstants.FIELD_SEVERITY_NONLOCALIZED, "FATAL");
        assertThat(new ErrorResponse(fields).severity()).isEqualTo("FATAL");

        assertThat(new NoticeResponse(Map.of(PgConstants.FIELD_SEVERITY, "WARNING")).severity()).isEqualTo("WARNING");
    }

    @Test
    void isImmutableAndRejectsTheTerminatorAsAFieldCode() {
        ErrorResponse error = ErrorResponse.error("XX000", "boom");
        assertThatThrownBy(() -> error.fields().put((byte) 'D', "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new ErrorResponse(Map.of((byte) 0, "x"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void protocolExceptionsAreFatalWithSqlState08P01() {
        PgProtocolException exception = new PgProtocolException("bad");
        assertThat(exception.sqlState()).isEqualTo(SqlState.PROTOCOL_VIOLATION);
        assertThat(exception.fatal()).isTrue();
        assertThatThrownBy(() -> new PgException("123", "x", false)).isInstanceOf(IllegalArgumentException.class);
    }
}

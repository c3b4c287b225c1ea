package dev.sluice.policy.metrics;

import dev.sluice.contracts.decision.Decision;
import dev.sluice.contracts.decision.DecisionRequest;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Watches decision requests and answers as Spring MVC reads and writes them, without touching the controller:
 * the request's session and subject go into the log context ({@code sluice.session}, {@code sluice.subject}), and
 * the answered effect becomes a request attribute for {@link DecisionMetricsFilter}.
 */
final class DecisionObservingAdvice {

    private DecisionObservingAdvice() {}

    /** Puts the session and subject of a {@link DecisionRequest} into the MDC once the body is read. */
    @ControllerAdvice
    static final class RequestSide extends RequestBodyAdviceAdapter {
        @Override
        public boolean supports(MethodParameter parameter, Type targetType,
                Class<? extends HttpMessageConverter<?>> converterType) {
            return targetType == DecisionRequest.class;
        }

        @Override
        public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter,
                Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
            if (body instanceof DecisionRequest request) {
                DecisionMetricsFilter.enterLogContext(request);
            }
            return body;
        }
    }

    /** Records the effect of the decision about to be written. */
    @ControllerAdvice
    static final class ResponseSide implements ResponseBodyAdvice<Object> {
        @Override
        public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
            return true;
        }

        @Override
        public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                ServerHttpResponse response) {
            if (!(request instanceof ServletServerHttpRequest servlet)
                    || !"/v1/decisions".equals(servlet.getServletRequest().getRequestURI())) {
                return body;
            }
            Decision decision = decisionIn(body);
            if (decision != null) {
                servlet.getServletRequest().setAttribute(DecisionMetricsFilter.EFFECT_ATTRIBUTE, decision.effect());
            }
            return body;
        }
    }

    /**
     * The decision a response body carries: the body itself, or a record component of type {@link Decision} (the
     * explained answer wraps one). Anything else carries none.
     */
    static Decision decisionIn(Object body) {
        if (body instanceof Decision decision) {
            return decision;
        }
        if (body != null && body.getClass().isRecord()) {
            for (RecordComponent component : body.getClass().getRecordComponents()) {
                if (component.getType() == Decision.class) {
                    try {
                        var accessor = component.getAccessor();
                        // the wrapping record is package-private to the web layer; its accessor is public
                        accessor.setAccessible(true);
                        return (Decision) accessor.invoke(body);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }
}

package dev.sluice.approval.grants;

import dev.sluice.approval.service.ApprovalException;
import dev.sluice.approval.web.ApiError;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Every grants API failure is a 4xx with an {@link ApiError} body. */
@RestControllerAdvice(assignableTypes = GrantController.class)
public final class GrantErrors {

    @ExceptionHandler(ApprovalException.class)
    ResponseEntity<ApiError> refused(ApprovalException e) {
        return ResponseEntity.status(e.status()).body(new ApiError(e.code(), e.getMessage()));
    }

    @ExceptionHandler({HttpMessageNotReadableException.class, MethodArgumentTypeMismatchException.class,
            MissingServletRequestParameterException.class})
    ResponseEntity<ApiError> unreadable(Exception e) {
        return ResponseEntity.badRequest()
                .body(new ApiError("bad_request", "the request is not readable JSON of the expected shape"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(415).body(new ApiError("unsupported_media_type", "send application/json"));
    }
}

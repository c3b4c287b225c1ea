package dev.sluice.approval.ui;

import dev.sluice.approval.service.ApprovalException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/** A refused page (unknown request, not allowed to see it) as an HTML page with the matching status. */
@ControllerAdvice(assignableTypes = {ReviewController.class, HistoryController.class})
public final class UiErrors {

    @ExceptionHandler(ApprovalException.class)
    ModelAndView refused(ApprovalException e) {
        ModelAndView page = new ModelAndView("review/problem", HttpStatus.valueOf(e.status()));
        page.addObject("status", e.status());
        page.addObject("message", e.getMessage());
        return page;
    }
}

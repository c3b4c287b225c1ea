package dev.sluice.approval.ui;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Sign-in with a return path ({@code /sign-in?return=/approvals/<id>}) and the signed-out page. The return path
 * is kept only if it is one of this service's paths ({@link ReturnPaths}); anything else is dropped, so the
 * sign-in lands on the queue instead of another site.
 */
@Controller
public final class SignInController {

    @GetMapping("/sign-in")
    public String signIn(@RequestParam(name = "return", required = false) String returnPath,
            HttpServletRequest request) {
        ReturnPaths.sameOrigin(returnPath).ifPresentOrElse(
                path -> request.getSession().setAttribute(ReviewerSecurityConfig.RETURN_PATH, path),
                () -> {
                    var session = request.getSession(false);
                    if (session != null) {
                        session.removeAttribute(ReviewerSecurityConfig.RETURN_PATH);
                    }
                });
        return "redirect:/oauth2/authorization/sluice";
    }

    @GetMapping("/signed-out")
    public String signedOut() {
        return "review/signed-out";
    }
}

package dev.sluice.approval.notify;

import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/** A plain-text email to the configured reviewers, through the SMTP server of {@code spring.mail.*}. */
public final class EmailChannel implements NotificationChannel {
    private final NotifyProperties.Email settings;
    private final JavaMailSender mail;

    EmailChannel(NotifyProperties.Email settings, JavaMailSender mail) {
        this.settings = settings;
        this.mail = mail;
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public void deliver(Notification n) throws DeliveryException {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(settings.from());
        message.setTo(settings.to().toArray(String[]::new));
        message.setSubject("[Sluice] " + n.headline());
        message.setText(n.headline() + "\n\n"
                + "Requester:  " + n.requester() + "\n"
                + "Connection: " + n.connection() + "\n"
                + "Reviewers:  " + String.join(", ", n.reviewers()) + "\n"
                + "Reason:     " + n.reason() + "\n\n"
                + n.summary() + "\n\n"
                + "Review it at " + n.url() + "\n");
        try {
            mail.send(message);
        } catch (MailException e) {
            // the exception text may name the server and user, never the password; keep only the kind
            throw new DeliveryException("email not accepted (" + e.getClass().getSimpleName() + ")");
        }
    }
}

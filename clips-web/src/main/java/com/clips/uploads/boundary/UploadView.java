package com.clips.uploads.boundary;

import com.clips.uploads.boundary.UploadSessions.PartUrl;
import com.clips.uploads.boundary.UploadSessions.Progress;
import com.clips.uploads.boundary.UploadSessions.Ticket;
import com.clips.uploads.entity.UploadSession;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An upload session as its client sees it: where to send the bytes (only when it is opened), how
 * far it got (bytes, percent, speed, ETA) and what it became.
 */
public record UploadView(
        UUID id,
        String protocol,
        String state,
        String fileName,
        long sizeBytes,
        long receivedBytes,
        double percent,
        Double bytesPerSecond,
        Long etaSeconds,
        Instant createdAt,
        Instant expiresAt,
        Instant finishedAt,
        UUID assetId,
        Boolean duplicate,
        ProblemView error,
        String method,
        URI url,
        Long partSizeBytes,
        List<PartUrl> parts) {

    /** Why a failed session was refused (the same problem its completion answered). */
    public record ProblemView(String type, String detail) {}

    static UploadView of(Ticket ticket) {
        var s = ticket.session();
        var multipart = !ticket.parts().isEmpty();
        return new UploadView(
                s.id(),
                s.protocol().name(),
                s.state().name(),
                s.fileName(),
                s.declaredBytes(),
                0,
                0,
                null,
                null,
                s.createdAt(),
                s.expiresAt(),
                null,
                null,
                null,
                null,
                "PUT",
                ticket.url(),
                multipart ? (long) s.partSizeBytes() : null,
                multipart ? ticket.parts() : null);
    }

    static UploadView of(Progress progress) {
        var s = progress.session();
        return of(s, progress.receivedBytes(), progress.bytesPerSecond(), progress.etaSeconds());
    }

    static UploadView of(UploadSession s) {
        return of(s, s.receivedBytes(), null, null);
    }

    private static UploadView of(UploadSession s, long received, Double speed, Long eta) {
        double percent = Math.floor(received * 1000.0 / s.declaredBytes()) / 10.0;
        var error = s.problem()
                .map(p -> new ProblemView(p.type().uri(), p.detail()))
                .orElse(null);
        return new UploadView(
                s.id(),
                s.protocol().name(),
                s.state().name(),
                s.fileName(),
                s.declaredBytes(),
                received,
                percent,
                speed,
                eta,
                s.createdAt(),
                s.expiresAt(),
                s.finishedAt().orElse(null),
                s.assetId().orElse(null),
                s.assetId().isPresent() ? s.duplicate() : null,
                error,
                null,
                null,
                null,
                null);
    }
}

package com.clips.assets.control;

import com.clips.identity.Uploader;
import com.clips.media.control.ContainerFormat;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import com.clips.storage.control.UploadTooLargeException;
import com.clips.tenants.control.QuotaAdmission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedInputStream;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** What every way of uploading checks the same way: the uploader's size limit and the file's first bytes. */
@ApplicationScoped
public class UploadLimits {

    @Inject
    @ConfigProperty(name = "clips.upload.max-bytes", defaultValue = "2147483648")
    long maxUploadBytes;

    @Inject
    @ConfigProperty(name = "clips.upload.premium-max-bytes", defaultValue = "10737418240")
    long premiumMaxUploadBytes;

    @Inject
    QuotaAdmission quotas;

    /** The largest file this uploader may send (2 GB by default; Premium higher), or less if the tenant's quota says so. */
    public long maxBytes(Uploader uploader) {
        long byRole = uploader.premium() ? premiumMaxUploadBytes : maxUploadBytes;
        return quotas.maxUploadBytes(uploader.tenantId())
                .filter(max -> max < byRole)
                .orElse(byRole);
    }

    /** Refuses a declared size before any byte is sent: the size limit, then what the tenant's quotas still allow. */
    public void checkDeclared(Uploader uploader, long declaredBytes) {
        if (declaredBytes <= 0) {
            throw new ProblemException(ProblemType.EMPTY_FILE, "The file is empty.");
        }
        long max = maxBytes(uploader);
        if (declaredBytes > max) {
            throw new UploadTooLargeException(max);
        }
        quotas.checkUpload(uploader.tenantId(), declaredBytes);
    }

    /**
     * Decides the container from the first bytes (never the name or the client's Content-Type);
     * the stream is left where it was.
     */
    public static ContainerFormat requireVideo(BufferedInputStream in) throws IOException {
        var head = peek(in);
        if (head.length == 0) {
            throw new ProblemException(ProblemType.EMPTY_FILE, "The uploaded file is empty.");
        }
        return ContainerFormat.sniff(head, head.length).orElseThrow(() -> notVideo(head));
    }

    /** The first bytes of a stream (as many as sniffing needs, fewer if it is shorter), left unread. */
    public static byte[] peek(BufferedInputStream in) throws IOException {
        in.mark(ContainerFormat.SNIFF_BYTES);
        var head = in.readNBytes(ContainerFormat.SNIFF_BYTES);
        in.reset();
        return head;
    }

    /** The refusal of a file whose first bytes are not a video container, saying so when they are audio. */
    public static ProblemException notVideo(byte[] head) {
        if (ContainerFormat.audioOnly(head, head.length)) {
            return new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, AUDIO_ONLY);
        }
        return notVideo();
    }

    static final String AUDIO_ONLY = "The file holds audio and no video (an audio file?). Clips accepts video files"
            + " only: upload a file with a video track.";

    public static ProblemException notVideo() {
        return new ProblemException(
                ProblemType.UNSUPPORTED_MEDIA_TYPE,
                "The file is not a video in a supported container (MP4, MOV, WebM, MKV, AVI, MPEG-TS, FLV).");
    }
}

package com.clips.storage.control;

import com.clips.platform.ProblemException;

public class UploadTooLargeException extends ProblemException {
    public UploadTooLargeException(long limitBytes) {
        super(
                413,
                "upload-too-large",
                "Upload too large",
                "The file is larger than the limit of " + limitBytes + " bytes.");
    }
}

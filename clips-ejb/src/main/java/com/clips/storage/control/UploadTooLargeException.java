package com.clips.storage.control;

import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;

public class UploadTooLargeException extends ProblemException {
    public UploadTooLargeException(long limitBytes) {
        super(ProblemType.UPLOAD_TOO_LARGE, "The file is larger than the limit of " + limitBytes + " bytes.");
    }
}

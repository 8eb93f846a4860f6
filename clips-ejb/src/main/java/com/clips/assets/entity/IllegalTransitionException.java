package com.clips.assets.entity;

import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;

public class IllegalTransitionException extends ProblemException {
    public IllegalTransitionException(AssetStatus from, AssetStatus to) {
        super(ProblemType.ILLEGAL_STATUS_TRANSITION, "An asset in status " + from + " cannot move to " + to + ".");
    }
}

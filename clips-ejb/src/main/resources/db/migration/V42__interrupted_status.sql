-- Issue 27: a run its server cut short (crash, shutdown) that will be resumed leaves its asset
-- INTERRUPTED (then RESUMING), not FAILED, which clients took for a final state. Assets an older
-- version marked FAILED for that reason, with a resume still to come, say so now.
update asset set status = 'INTERRUPTED'
 where status = 'FAILED'
   and processing_error like 'Interrupted: the server stopped while the job ran. It resumes%';

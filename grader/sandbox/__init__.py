"""The trust boundary: student code runs only in a child process tree started from here.

grader process                          sandbox (untrusted)
--------------                          -------------------
runner.Sandbox ------request.json/npz--> harness (nbclient) -> kernel: student cells,
                     <--results/*.json/npz-- agent.serve() calls the student's functions
                     <--manifest.json------- harness: per-cell outcomes

Only JSON and .npz (loaded with allow_pickle=False, size-checked) cross back.
"""

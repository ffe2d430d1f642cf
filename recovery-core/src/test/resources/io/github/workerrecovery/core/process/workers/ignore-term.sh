#!/bin/sh
# Test worker: ignores SIGTERM (an ignored signal stays ignored across exec), so only SIGKILL ends it.
trap '' TERM
echo ready
exec sleep 600

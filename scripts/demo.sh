#!/usr/bin/env bash
# The main job: build the provider, start the AWS emulator (unless real AWS
# credentials are configured), and run `terraform apply` of a deployment with
# this provider, then show the result. The deployment is the 17-resource seed
# in terraform/ unless named: `scripts/demo.sh examples/wordpress-ecs` (or
# DEMO=production) applies the production form of the same deployment.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
deploy=${1:-${DEMO:-terraform}}
case "$deploy" in
  production) deploy=examples/wordpress-ecs ;;
  seed) deploy=terraform ;;
esac
# A folder relative to where the demo was started, or to the repository.
if [ -d "$deploy" ]; then
  deploy=$(cd "$deploy" && pwd)
elif [ -d "$root/$deploy" ]; then
  deploy="$root/$deploy"
else
  echo "demo.sh: no deployment folder '$deploy' (try terraform or examples/wordpress-ecs)" >&2
  exit 2
fi
if ! compgen -G "$deploy/*.tf" >/dev/null; then
  echo "demo.sh: '$deploy' holds no .tf file" >&2
  exit 2
fi
cd "$root"
# Whatever fails stops the demo with a non-zero status and says what failed.
trap 'echo "demo.sh: failed (exit $?) at line $LINENO: $BASH_COMMAND" >&2' ERR

bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"${JOBS:-2}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/cli.tfrc" <<TFRC
provider_installation {
  dev_overrides { "hashicorp/aws" = "$root/build" }
  direct {}
}
TFRC
export TF_CLI_CONFIG_FILE="$work/cli.tfrc" CHECKPOINT_DISABLE=1

# The emulator is up once it has written its port file and answers HTTP.
emulator_answers() {
  [ -s "$work/port" ] || return 1
  /usr/bin/python3 -c 'import sys, urllib.request
urllib.request.urlopen("http://127.0.0.1:%s/__emulator/health" % sys.argv[1], timeout=2).read()' \
    "$(cat "$work/port")" 2>/dev/null
}

emu_pid=""
if [ -z "${AWS_ACCESS_KEY_ID:-}" ] && [ -z "${AWS_PROFILE:-}" ]; then
  echo "No AWS credentials configured: using the local AWS emulator."
  export AWS_ACCESS_KEY_ID=AKIDEMULATOR0000000 AWS_SECRET_ACCESS_KEY=emulator-secret-key
  export AWS_REGION=us-east-1
  /usr/bin/python3 tests/emulator/server.py --port 0 --port-file "$work/port" \
    --access-key "$AWS_ACCESS_KEY_ID" --secret-key "$AWS_SECRET_ACCESS_KEY" --region us-east-1 \
    2>"$work/emulator.log" &
  emu_pid=$!
  trap 'kill $emu_pid 2>/dev/null || true; rm -rf "$work"' EXIT
  deadline=$((SECONDS + 15))
  until emulator_answers; do
    why=""
    kill -0 "$emu_pid" 2>/dev/null || why="exited before answering"
    [ -n "$why" ] || [ "$SECONDS" -lt "$deadline" ] || why="did not answer within 15 s"
    if [ -n "$why" ]; then
      echo "demo.sh: the AWS emulator $why; its log:" >&2
      cat "$work/emulator.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  export AWS_ENDPOINT_URL="http://127.0.0.1:$(cat "$work/port")"
  # An ECS-optimised image the emulator knows (real AMI ids vary by region).
  export TF_VAR_ami_id=${TF_VAR_ami_id:-ami-0a9e8b4c3d2f1e0a7}
fi

echo "Deployment: ${deploy#"$root"/}"
cp -r "$deploy" "$work/deploy"
cd "$work/deploy"
terraform apply -auto-approve -input=false
terraform output
terraform state list

# Build and local commands. SAM's makefile build method copies the CodeUri (the repository root) to a
# scratch folder and runs build-ProtonCancelFunction there with ARTIFACTS_DIR set (`sam build
# --build-in-source` runs it in the repository itself), so the rule uses only paths inside the tree.

FUNCTION_PROJECT := src/ProtonCancelLambda
LOCAL_PROJECT := src/ProtonCancelLambda.Local
PUBLISH_DIR ?= artifacts/publish
EVENT ?= events/sqs-cancel.json

.PHONY: build-ProtonCancelFunction publish test local lint deploy-checks

# Lambda runs only the executable named bootstrap; debug symbols would just inflate the zip.
build-ProtonCancelFunction:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (sam build sets it)" >&2; exit 2; }
	dotnet publish $(FUNCTION_PROJECT) -c Release -o "$(ARTIFACTS_DIR)"
	find "$(ARTIFACTS_DIR)" -maxdepth 1 \( -name '*.dbg' -o -name '*.pdb' \) -delete
	test -x "$(ARTIFACTS_DIR)/bootstrap"

publish:
	dotnet publish $(FUNCTION_PROJECT) -c Release -o $(PUBLISH_DIR)

test:
	dotnet test

# Runs the function once on a sample event against the embedded simulator and SNS sink.
local:
	dotnet run --project $(LOCAL_PROJECT) -- invoke $(EVENT)

lint:
	cfn-lint template.yaml

# cfn-lint, this build as SAM runs it, and the built bootstrap against a stub Runtime API.
deploy-checks:
	bash .ci/deploy-checks.sh

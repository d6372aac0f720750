# Build and local commands. SAM's makefile build method copies the CodeUri (the repository root) to a
# scratch folder and runs build-ProtonCancelFunction there with ARTIFACTS_DIR set (`sam build
# --build-in-source` runs it in the repository itself), so the rule uses only paths inside the tree. It tells
# the Makefile nothing else, not even the function's architecture; template.yaml therefore has SAM run
# architectures/${Architecture}/Makefile, which sets ARCHITECTURE and includes this file.

FUNCTION_PROJECT := src/ProtonCancelLambda
LOCAL_PROJECT := src/ProtonCancelLambda.Local
PUBLISH_DIR ?= artifacts/publish
EVENT ?= events/sqs-cancel.json

# Lambda's architecture names and the .NET runtime identifiers they build with.
RID_arm64 := linux-arm64
RID_x86_64 := linux-x64

.PHONY: build-ProtonCancelFunction publish test local lint deploy-checks deploy

# Lambda runs only the executable named bootstrap; debug symbols would just inflate the zip. No default
# architecture here: a default could differ from the stack's Architecture parameter. By hand:
#   make build-ProtonCancelFunction ARCHITECTURE=arm64 ARTIFACTS_DIR=out
# First the preflight (a missing toolchain stops the build at once, naming the fix), last the checks of what was
# built (its ELF machine is ARCHITECTURE, no glibc symbol newer than Amazon Linux 2023's 2.34).
build-ProtonCancelFunction:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (sam build sets it)" >&2; exit 2; }
	@test -n "$(RID_$(ARCHITECTURE))" || { echo "ARCHITECTURE must be arm64 or x86_64, not '$(ARCHITECTURE)' (sam build sets it through architectures/<Architecture>/Makefile)" >&2; exit 2; }
	@bash architectures/preflight.sh $(ARCHITECTURE)
	dotnet publish $(FUNCTION_PROJECT) -c Release -r $(RID_$(ARCHITECTURE)) -o "$(ARTIFACTS_DIR)"
	find "$(ARTIFACTS_DIR)" -maxdepth 1 \( -name '*.dbg' -o -name '*.pdb' \) -delete
	@bash architectures/check-bootstrap.sh $(ARCHITECTURE) "$(ARTIFACTS_DIR)/bootstrap"

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

# sam build and sam deploy with one Architecture (samconfig.toml's, or ARCHITECTURE=...), refusing a bootstrap
# built for the other one: make deploy [ARCHITECTURE=x86_64]
deploy:
	bash scripts/build-and-deploy.sh $(if $(ARCHITECTURE),--architecture $(ARCHITECTURE))

# Build and local commands. SAM's makefile build method calls build-ProtonCancelFunction with
# ARTIFACTS_DIR set and the CodeUri (the repository root) as the working directory. It tells the Makefile
# nothing else, not even the function's architecture; template.yaml therefore has SAM run
# architectures/${Architecture}/Makefile, which sets ARCHITECTURE and includes this file.

FUNCTION_PROJECT := src/ProtonCancelLambda
LOCAL_PROJECT := src/ProtonCancelLambda.Local
PUBLISH_DIR ?= artifacts/publish
EVENT ?= events/sqs-cancel.json

# Lambda's architecture names and the .NET runtime identifiers they build with.
RID_arm64 := linux-arm64
RID_x86_64 := linux-x64
# ELF e_machine of each: what the built bootstrap must say it is.
ELF_MACHINE_arm64 := 183
ELF_MACHINE_x86_64 := 62

.PHONY: build-ProtonCancelFunction publish test local lint deploy-checks

# Lambda runs only the executable named bootstrap; debug symbols would just inflate the zip. No default
# architecture here: a default could differ from the stack's Architecture parameter. By hand:
#   make build-ProtonCancelFunction ARCHITECTURE=arm64 ARTIFACTS_DIR=out
build-ProtonCancelFunction:
	@test -n "$(ARTIFACTS_DIR)" || { echo "ARTIFACTS_DIR is not set (sam build sets it)" >&2; exit 2; }
	@test -n "$(RID_$(ARCHITECTURE))" || { echo "ARCHITECTURE must be arm64 or x86_64, not '$(ARCHITECTURE)' (sam build sets it through architectures/<Architecture>/Makefile)" >&2; exit 2; }
	dotnet publish $(FUNCTION_PROJECT) -c Release -r $(RID_$(ARCHITECTURE)) -o "$(ARTIFACTS_DIR)"
	find "$(ARTIFACTS_DIR)" -maxdepth 1 \( -name '*.dbg' -o -name '*.pdb' \) -delete
	test -x "$(ARTIFACTS_DIR)/bootstrap"
	@machine=$$(od -An -tu2 -j18 -N2 "$(ARTIFACTS_DIR)/bootstrap" | tr -d ' '); \
	  test "$$machine" = "$(ELF_MACHINE_$(ARCHITECTURE))" || { echo "bootstrap is ELF machine $$machine, not $(ARCHITECTURE)" >&2; exit 1; }

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

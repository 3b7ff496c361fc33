# Microservices.Events: the two commands a fresh machine needs are `make run` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

DOTNET ?= dotnet
SOLUTION := Microservices.Events.sln
CLI := services/cli/Microservices.Events.Cli.csproj
SPECS ?= $(CURDIR)/examples
URLS ?= http://localhost:8080
ARGO_EXAMPLES ?= $(abspath $(CURDIR)/../shared/argo-examples)
TEST_RESULTS := $(CURDIR)/artifacts/test-results

export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

.PHONY: help deps build run test validate-examples validate-argo lint-deploy ci clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

deps: ## Install the Debian packages integration tests start themselves (postgresql, rabbitmq-server) when missing
	scripts/deps.sh

build: ## Restore and build everything (warnings are errors)
	$(DOTNET) build $(SOLUTION) -c Debug

run: ## Run all four services in one process on the in-memory bus, loading examples/
	$(DOTNET) run --project $(CLI) -- run --specs $(SPECS) --urls $(URLS)

test: deps build ## Run the test suite (PostgreSQL tests start a throw-away cluster; EVENTS_TEST_POSTGRES=connection string uses yours)
	@rm -rf $(TEST_RESULTS) && mkdir -p $(TEST_RESULTS)
	$(DOTNET) test $(SOLUTION) --no-build --logger "trx;LogFileName=results.trx" --results-directory $(TEST_RESULTS) 2>&1 | tee $(TEST_RESULTS).log
	@scripts/test-summary.sh $(TEST_RESULTS)

validate-examples: build ## events validate over examples/
	$(DOTNET) services/cli/bin/Debug/net10.0/events.dll validate $(SPECS)

validate-argo: build ## events validate over Argo's example manifests in ../shared
	$(DOTNET) services/cli/bin/Debug/net10.0/events.dll validate $(ARGO_EXAMPLES)

lint-deploy: ## helm lint --strict, helm template, docker-compose config (installs the tools into .tools/)
	scripts/validate-deploy.sh

ci: test validate-examples lint-deploy ## What CI runs

clean: ## Remove build output
	$(DOTNET) clean $(SOLUTION) >/dev/null
	rm -rf artifacts

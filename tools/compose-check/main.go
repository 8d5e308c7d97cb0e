// compose-check loads Compose files the way Docker Compose does (compose-spec/compose-go: the JSON schema of the
// Compose specification, interpolation with the .env file beside the file, required variables, cross references such
// as depends_on, networks and volumes) and exits non-zero naming the first problem. No Docker engine is needed.
//
// Usage: compose-check [--env-file=PATH] FILE...
// Each file is checked as its own project, with its folder as the working directory; --env-file replaces the .env
// file beside it, as `docker compose --env-file` does.
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
)

func check(ctx context.Context, file string, envFile string) error {
	abs, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	env := cli.WithDotEnv
	if envFile != "" {
		env = cli.WithEnvFiles(envFile)
	}
	opts, err := cli.NewProjectOptions(
		[]string{abs},
		cli.WithWorkingDirectory(filepath.Dir(abs)),
		cli.WithOsEnv,
		env,
		cli.WithDotEnv,
		cli.WithConsistency(true),
		cli.WithName("compose-check"),
	)
	if err != nil {
		return err
	}
	project, err := opts.LoadProject(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("%s: valid, %d service(s)\n", file, len(project.Services))
	return nil
}

func main() {
	envFile := ""
	var files []string
	for _, arg := range os.Args[1:] {
		if v, ok := strings.CutPrefix(arg, "--env-file="); ok {
			envFile = v
		} else {
			files = append(files, arg)
		}
	}
	if len(files) == 0 {
		fmt.Fprintln(os.Stderr, "usage: compose-check [--env-file=PATH] FILE...")
		os.Exit(2)
	}
	failed := false
	for _, file := range files {
		if err := check(context.Background(), file, envFile); err != nil {
			fmt.Fprintf(os.Stderr, "%s: invalid: %v\n", file, err)
			failed = true
		}
	}
	if failed {
		os.Exit(1)
	}
}

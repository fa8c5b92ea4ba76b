// Command mlflow-go drives an MLflow tracking server through the REST endpoints KFP's MLflow
// plugin calls (KEP-12862), from Go's standard HTTP client as the plugin does: it looks up or
// creates an experiment, creates a parent run for a pipeline run and a nested run per task, logs
// each task's params and metrics in one log-batch, marks runs finished, and finds the nested runs
// of the parent by search. It exits non-zero, naming the step, when an answer is not what MLflow's
// API promises. Usage: mlflow-go http://host:port
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"time"
)

type client struct {
	base string
	http *http.Client
}

// call sends one request and decodes the answer into out; it fails on a status other than want.
func (c *client) call(method, path string, body any, want int, out any) error {
	var reader io.Reader
	target := c.base + "/api/2.0/mlflow/" + path
	if method == http.MethodGet {
		if query, ok := body.(url.Values); ok {
			target += "?" + query.Encode()
		}
	} else {
		encoded, err := json.Marshal(body)
		if err != nil {
			return err
		}
		reader = bytes.NewReader(encoded)
	}
	request, err := http.NewRequest(method, target, reader)
	if err != nil {
		return err
	}
	request.Header.Set("Content-Type", "application/json")
	response, err := c.http.Do(request)
	if err != nil {
		return err
	}
	defer response.Body.Close()
	answer, err := io.ReadAll(response.Body)
	if err != nil {
		return err
	}
	if response.StatusCode != want {
		return fmt.Errorf("%s %s: status %d, want %d: %s", method, path, response.StatusCode, want, answer)
	}
	if out != nil {
		return json.Unmarshal(answer, out)
	}
	return nil
}

type tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type metric struct {
	Key       string  `json:"key"`
	Value     float64 `json:"value"`
	Timestamp int64   `json:"timestamp"`
	Step      int64   `json:"step"`
}

type runInfo struct {
	RunID        string `json:"run_id"`
	ExperimentID string `json:"experiment_id"`
	Status       string `json:"status"`
	EndTime      int64  `json:"end_time"`
}

type run struct {
	Info runInfo `json:"info"`
	Data struct {
		Params  []tag    `json:"params"`
		Tags    []tag    `json:"tags"`
		Metrics []metric `json:"metrics"`
	} `json:"data"`
}

type errorAnswer struct {
	ErrorCode string `json:"error_code"`
}

func (c *client) experiment(name string) (string, error) {
	var found struct {
		Experiment struct {
			ID string `json:"experiment_id"`
		} `json:"experiment"`
	}
	err := c.call(http.MethodGet, "experiments/get-by-name", url.Values{"experiment_name": {name}}, http.StatusOK, &found)
	if err == nil {
		return found.Experiment.ID, nil
	}
	var missing errorAnswer
	if err := c.call(http.MethodGet, "experiments/get-by-name", url.Values{"experiment_name": {name}}, http.StatusNotFound, &missing); err != nil {
		return "", err
	}
	if missing.ErrorCode != "RESOURCE_DOES_NOT_EXIST" {
		return "", fmt.Errorf("get-by-name of a missing experiment: error_code %q", missing.ErrorCode)
	}
	var created struct {
		ID string `json:"experiment_id"`
	}
	err = c.call(http.MethodPost, "experiments/create", map[string]any{
		"name": name,
		"tags": []tag{{"mlflow.note.content", "Created by Kubeflow Pipelines"}},
	}, http.StatusOK, &created)
	return created.ID, err
}

func (c *client) createRun(experiment, name string, tags []tag) (run, error) {
	var created struct {
		Run run `json:"run"`
	}
	err := c.call(http.MethodPost, "runs/create", map[string]any{
		"experiment_id": experiment,
		"run_name":      name,
		"start_time":    time.Now().UnixMilli(),
		"tags":          tags,
	}, http.StatusOK, &created)
	return created.Run, err
}

func check(step string, err error) {
	if err != nil {
		fmt.Fprintf(os.Stderr, "mlflow-go: %s: %v\n", step, err)
		os.Exit(1)
	}
}

func require(step string, ok bool, format string, args ...any) {
	if !ok {
		check(step, fmt.Errorf(format, args...))
	}
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: mlflow-go http://host:port")
		os.Exit(2)
	}
	c := &client{base: os.Args[1], http: &http.Client{Timeout: 30 * time.Second}}
	name := fmt.Sprintf("kfp-go-%d", time.Now().UnixNano())

	experiment, err := c.experiment(name)
	check("experiment", err)
	again, err := c.experiment(name)
	check("experiment again", err)
	require("experiment again", again == experiment, "found %q, created %q", again, experiment)

	parent, err := c.createRun(experiment, "pipeline-run", []tag{
		{"kfp.pipeline_run_id", "8f1c"}, {"kfp.pipeline_run_url", "http://kfp/#/runs/details/8f1c"},
	})
	check("parent run", err)
	tasks := []string{"preprocess", "train"}
	accuracies := []float64{0.8, 0.85}
	for i, task := range tasks {
		nested, err := c.createRun(experiment, task, []tag{{"mlflow.parentRunId", parent.Info.RunID}, {"kfp.task_name", task}})
		check("nested run "+task, err)
		check("log-batch "+task, c.call(http.MethodPost, "runs/log-batch", map[string]any{
			"run_id":  nested.Info.RunID,
			"params":  []tag{{"input_rows", "1000"}, {"task", task}},
			"metrics": []metric{{"accuracy", accuracies[i], time.Now().UnixMilli(), 0}},
		}, http.StatusOK, nil))
		check("update "+task, c.call(http.MethodPost, "runs/update", map[string]any{
			"run_id": nested.Info.RunID, "status": "FINISHED", "end_time": time.Now().UnixMilli(),
		}, http.StatusOK, nil))
	}
	check("set-tag", c.call(http.MethodPost, "runs/set-tag", map[string]any{
		"run_id": parent.Info.RunID, "key": "kfp.state", "value": "SUCCEEDED",
	}, http.StatusOK, nil))
	check("update parent", c.call(http.MethodPost, "runs/update", map[string]any{
		"run_id": parent.Info.RunID, "status": "FINISHED", "end_time": time.Now().UnixMilli(),
	}, http.StatusOK, nil))

	var children struct {
		Runs []run `json:"runs"`
	}
	check("search nested runs", c.call(http.MethodPost, "runs/search", map[string]any{
		"experiment_ids": []string{experiment},
		"filter":         fmt.Sprintf("tags.mlflow.parentRunId = '%s' AND attributes.status != 'RUNNING'", parent.Info.RunID),
		"order_by":       []string{"metrics.accuracy DESC"},
	}, http.StatusOK, &children))
	require("search nested runs", len(children.Runs) == len(tasks), "%d runs, want %d", len(children.Runs), len(tasks))
	first := children.Runs[0]
	require("search order", len(first.Data.Metrics) == 1 && first.Data.Metrics[0].Value == 0.85,
		"first run's metrics %v, want accuracy 0.85 first", first.Data.Metrics)
	require("params", len(first.Data.Params) == 2, "params %v", first.Data.Params)

	var got struct {
		Run run `json:"run"`
	}
	check("get parent", c.call(http.MethodGet, "runs/get", url.Values{"run_id": {parent.Info.RunID}}, http.StatusOK, &got))
	require("parent finished", got.Run.Info.Status == "FINISHED" && got.Run.Info.EndTime > 0, "info %+v", got.Run.Info)

	var refused errorAnswer
	check("update unknown run", c.call(http.MethodPost, "runs/update", map[string]any{
		"run_id": "0123456789abcdef0123456789abcdef", "status": "FINISHED",
	}, http.StatusNotFound, &refused))
	require("update unknown run", refused.ErrorCode == "RESOURCE_DOES_NOT_EXIST", "error_code %q", refused.ErrorCode)
	fmt.Printf("mlflow-go: %s answered every call as MLflow's API promises\n", os.Args[1])
}

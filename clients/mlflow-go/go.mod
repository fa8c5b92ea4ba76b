module mnemos.dev/clients/mlflow-go

go 1.24

namespace CyberAgg.Agent.Telemetry;

/// <summary>Metric attribute names and their fixed values (Vector's component instrumentation spec).</summary>
internal static class TagNames
{
    public const string ErrorType = "error.type";
    public const string Stage = "stage";
    public const string Input = "input";
    public const string Reason = "reason";

    /// <summary>Values of <see cref="Stage"/>.</summary>
    public static class Stages
    {
        public const string Receiving = "receiving";
        public const string Processing = "processing";
        public const string Sending = "sending";
        public const string Spooling = "spooling";
        public const string Checkpointing = "checkpointing";
    }

    /// <summary>Values of <see cref="ErrorType"/>.</summary>
    public static class ErrorTypes
    {
        public const string ReadFailed = "read_failed";
        public const string ParseFailed = "parse_failed";
        public const string DeliveryFailed = "delivery_failed";
        public const string SpoolFailed = "spool_failed";
        public const string CheckpointFailed = "checkpoint_failed";
        public const string ConnectionFailed = "connection_failed";
    }
}

package software.amazon.msk.auth.iam;

public class IAMLoginModule {
    public IAMLoginModule() {
        System.out.println("new IAMLoginModule");
    }
}
